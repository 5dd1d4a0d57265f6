namespace Optimus.Inference.Models;

/// <summary>Bytes received so far out of the expected total.</summary>
public readonly record struct DownloadProgress(long Bytes, long TotalBytes)
{
    public double Fraction => TotalBytes <= 0 ? 0 : Math.Min(1, (double)Bytes / TotalBytes);
}
