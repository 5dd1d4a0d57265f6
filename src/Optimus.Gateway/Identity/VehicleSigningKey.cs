using System.Security.Cryptography;
using System.Text;

namespace Optimus.Gateway.Identity;

/// <summary>
/// The coordinator's secret from which every vehicle credential is derived: credential = HMAC-SHA256(key,
/// "optimus/vehicle-credential/v1\n" + vehicle id + "\n" + generation). Nothing per vehicle is stored but its
/// generation (bumped when a revoked vehicle is enrolled again). The key is 32 random bytes made on first use in the
/// data folder (<see cref="FileName"/>, mode 600), unless <see cref="EnvironmentVariable"/> (or the
/// <c>Optimus:VehicleSigningKey</c> setting) gives it in base64, which is how the gateways of one cluster share it.
/// </summary>
public sealed class VehicleSigningKey
{
    public const string FileName = "vehicle-signing.key";

    public const string EnvironmentVariable = "OPTIMUS_VEHICLE_SIGNING_KEY";

    private const int Length = 32;

    private readonly byte[] _key;

    private VehicleSigningKey(byte[] key) => _key = key;

    /// <summary>The key given in base64 (<paramref name="configured"/>), else the data folder's, made there if missing.</summary>
    /// <exception cref="InvalidDataException">The configured or stored key is not at least 32 bytes.</exception>
    public static VehicleSigningKey Load(string dataDirectory, string? configured)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            byte[] key;
            try
            {
                key = Convert.FromBase64String(configured.Trim());
            }
            catch (FormatException ex)
            {
                throw new InvalidDataException($"{EnvironmentVariable} must be base64 (of at least {Length} random bytes).", ex);
            }

            return key.Length >= Length ? new VehicleSigningKey(key) : throw new InvalidDataException($"{EnvironmentVariable} must hold at least {Length} bytes.");
        }

        DataFolder.Ensure(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            // Written aside and moved into place without overwriting: two processes starting on one folder agree on one key.
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(file.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite); // before the key is in it
                }

                file.Write(RandomNumberGenerator.GetBytes(Length));
                file.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }

        var stored = File.ReadAllBytes(path);
        return stored.Length >= Length ? new VehicleSigningKey(stored) : throw new InvalidDataException($"{path} is damaged: it must hold {Length} random bytes.");
    }

    /// <summary>A key given directly (tests).</summary>
    public static VehicleSigningKey FromBytes(ReadOnlySpan<byte> key) =>
        key.Length >= Length ? new VehicleSigningKey(key.ToArray()) : throw new ArgumentException($"A signing key has at least {Length} bytes.", nameof(key));

    /// <summary>The credential of generation <paramref name="generation"/> of vehicle <paramref name="vehicleId"/>.</summary>
    public byte[] CredentialFor(string vehicleId, long generation)
    {
        ArgumentNullException.ThrowIfNull(vehicleId);
        return HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"optimus/vehicle-credential/v1\n{vehicleId}\n{generation}"));
    }
}
