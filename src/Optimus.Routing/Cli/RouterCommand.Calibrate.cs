using System.CommandLine;
using System.Globalization;
using Optimus.Core.Routing;
using Optimus.Routing.Model;

namespace Optimus.Routing.Cli;

public static partial class RouterCommand
{
    private static Command CreateCalibrate()
    {
        var routerFile = new Option<FileInfo>("--router") { Description = "The router file to calibrate (rewritten in place).", Required = true };
        var share = CloudShareOption(required: true);
        var data = DataOption(required: false);
        data.Description = "Score the data's rows that the router file held out from training, instead of the scores kept at training.";
        var command = new Command("calibrate", "Set the router's thresholds from score quantiles so that the expected cloud share is P.");
        command.Options.Add(routerFile);
        command.Options.Add(share);
        command.Options.Add(data);
        command.SetAction((ParseResult r, CancellationToken _) => Guard(r, (stdout, stderr) =>
        {
            var cloudShare = r.GetValue(share);
            RequireShare(cloudShare);
            var path = r.GetValue(routerFile)!.FullName;
            using var router = Router.Load(path);
            RouterCalibration calibration;
            if (r.GetValue(data) is { } directory)
            {
                var rows = LoadRows(directory, stderr).Where(router.Manifest.IsHeldOut).ToList();
                if (rows.Count == 0)
                {
                    throw new InvalidOperationException($"'{path}' holds out none of these rows, so none can calibrate it without bias.");
                }

                stderr.WriteLine($"scoring {rows.Count} rows the router never trained on");
                calibration = router.Calibrate(rows, cloudShare);
            }
            else
            {
                calibration = router.Recalibrate(cloudShare);
            }

            router.Save(path);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"calibrated {path} to a cloud share of {cloudShare * 100:F1}%: prompt threshold {calibration.PromptThreshold:G6} "
                + $"({ThresholdCalibration.CloudShare(calibration.PromptScores, calibration.PromptThreshold) * 100:F1}% of {calibration.PromptScores.Count} calibration prompts), "
                + $"response threshold {calibration.ResponseThreshold:G6} "
                + $"({ThresholdCalibration.CloudShare(calibration.ResponseScores, calibration.ResponseThreshold) * 100:F1}% of {calibration.ResponseScores.Count} edge answers)"));
            return 0;
        }));
        return command;
    }
}
