using System.Text;
using Optimus.Core.Inference;

namespace Optimus.Inference.Gguf;

/// <summary>
/// Reads the key/value header of a GGUF file without touching its tensors, so a vehicle can refuse a model that does
/// not fit its die before mapping gigabytes of weights. Format: github.com/ggml-org/ggml docs/gguf.md (v2 and v3).
/// </summary>
public static class GgufReader
{
    private const uint Magic = 0x46554747; // "GGUF" little-endian

    /// <summary>Reads the header's scalar values (strings and numbers); arrays are skipped and recorded by length.</summary>
    public static GgufHeader ReadHeader(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: false);
        if (stream.Length < 24 || reader.ReadUInt32() != Magic)
        {
            throw new InvalidDataException($"'{path}' is not a GGUF file (bad magic number).");
        }

        var version = reader.ReadUInt32();
        if (version < 2)
        {
            throw new InvalidDataException($"'{path}' is GGUF version {version}; versions 2 and later are supported.");
        }

        var tensorCount = reader.ReadUInt64();
        var kvCount = reader.ReadUInt64();
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        try
        {
            for (ulong i = 0; i < kvCount; i++)
            {
                var key = ReadString(reader);
                var type = (GgufType)reader.ReadUInt32();
                values[key] = ReadValue(reader, type);
            }
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"'{path}' is truncated: its header ends after {stream.Length} bytes, before its {kvCount} values were read.");
        }

        return new GgufHeader(version, tensorCount, stream.Length, values);
    }

    /// <summary>The figures that decide the model's memory footprint.</summary>
    public static ModelShape ReadShape(string path) => ReadHeader(path).ToShape();

    private static object ReadValue(BinaryReader reader, GgufType type) => type switch
    {
        GgufType.UInt8 => (long)reader.ReadByte(),
        GgufType.Int8 => (long)reader.ReadSByte(),
        GgufType.UInt16 => (long)reader.ReadUInt16(),
        GgufType.Int16 => (long)reader.ReadInt16(),
        GgufType.UInt32 => (long)reader.ReadUInt32(),
        GgufType.Int32 => (long)reader.ReadInt32(),
        GgufType.Float32 => (double)reader.ReadSingle(),
        GgufType.Bool => reader.ReadByte() != 0,
        GgufType.String => ReadString(reader),
        GgufType.UInt64 => (long)reader.ReadUInt64(),
        GgufType.Int64 => reader.ReadInt64(),
        GgufType.Float64 => reader.ReadDouble(),
        GgufType.Array => SkipArray(reader),
        _ => throw new InvalidDataException($"Unknown GGUF value type {(int)type}."),
    };

    private static GgufArray SkipArray(BinaryReader reader)
    {
        var elementType = (GgufType)reader.ReadUInt32();
        var count = reader.ReadUInt64();
        var fixedSize = elementType switch
        {
            GgufType.UInt8 or GgufType.Int8 or GgufType.Bool => 1,
            GgufType.UInt16 or GgufType.Int16 => 2,
            GgufType.UInt32 or GgufType.Int32 or GgufType.Float32 => 4,
            GgufType.UInt64 or GgufType.Int64 or GgufType.Float64 => 8,
            _ => 0,
        };
        if (fixedSize > 0)
        {
            reader.BaseStream.Seek(checked((long)count * fixedSize), SeekOrigin.Current);
        }
        else
        {
            for (ulong i = 0; i < count; i++)
            {
                ReadValue(reader, elementType);
            }
        }

        return new GgufArray(elementType, count);
    }

    private static string ReadString(BinaryReader reader)
    {
        var length = reader.ReadUInt64();
        if (length > int.MaxValue || (long)length > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new InvalidDataException("The GGUF file is truncated: a string's length runs past the end of the file.");
        }

        return Encoding.UTF8.GetString(reader.ReadBytes((int)length));
    }
}
