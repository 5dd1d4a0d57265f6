using Optimus.Inference.Models;

namespace Optimus.Cli.Terminal;

/// <summary>A one-line progress bar on standard error, redrawn in place; plain lines when stderr is not a terminal.</summary>
internal sealed class ProgressBar(string label) : IProgress<DownloadProgress>
{
    private const int Width = 30;
    private int _lastPercent = -1;

    public void Report(DownloadProgress value)
    {
        var percent = (int)(value.Fraction * 100);
        if (percent == _lastPercent)
        {
            return;
        }

        _lastPercent = percent;
        var filled = percent * Width / 100;
        var line = $"{label} [{new string('#', filled)}{new string('.', Width - filled)}] {percent,3}% {value.Bytes / 1024.0:0} / {value.TotalBytes / 1024.0:0} KiB";
        if (Console.IsErrorRedirected)
        {
            if (percent % 25 == 0)
            {
                Console.Error.WriteLine(line);
            }
        }
        else
        {
            Console.Error.Write("\r" + line);
            if (percent == 100)
            {
                Console.Error.WriteLine();
            }
        }
    }
}
