using System.Buffers.Binary;

namespace Optimus.Ledger.Storage;

/// <summary>128-bit ids as 16 big-endian bytes, so that byte order in an index equals numeric order.</summary>
internal static class Ids
{
    public static byte[] ToBytes(UInt128 id)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, id);
        return bytes;
    }

    public static UInt128 FromBytes(byte[] bytes) => BinaryPrimitives.ReadUInt128BigEndian(bytes);
}
