using System.CommandLine;
using System.Globalization;
using Optimus.Core.Routing;
using Optimus.Routing.Model;

namespace Optimus.Routing.Cli;

public static partial class RouterCommand
{
    /// <summary>Share of calls to the cloud that a fresh router is calibrated to (RouteLLM reports ~26% on MT-Bench).</summary>
    private const double DefaultCloudShare = 0.3;

    /// <summary>Share of the data that training holds out for calibration and evaluation of the router file.</summary>
    private const double DefaultHoldOut = 0.2;

    private static Command CreateTrain()
    {
        var data = DataOption(required: true);
        var output = new Option<FileInfo>("--out") { Description = "Where to write the router file.", Required = true };
        var seed = SeedOption();
        var holdOut = new Option<double>("--hold-out")
        {
            Description = "Share of rows (by seeded prompt hash) kept out of training for calibration and evaluation.",
            DefaultValueFactory = _ => DefaultHoldOut,
        };
        var share = CloudShareOption(required: false);
        var command = new Command("train", "Train a router on the routing data and write a calibrated router file.");
        command.Options.Add(data);
        command.Options.Add(output);
        command.Options.Add(seed);
        command.Options.Add(holdOut);
        command.Options.Add(share);
        command.SetAction((ParseResult r, CancellationToken _) => Guard(r, (stdout, stderr) =>
        {
            var heldOutShare = r.GetValue(holdOut);
            if (heldOutShare is <= 0 or >= 1)
            {
                throw new ArgumentException($"--hold-out must lie in (0, 1); got {heldOutShare}.");
            }

            var cloudShare = r.GetValue(share);
            RequireShare(cloudShare);
            var options = new RouterTrainingOptions(r.GetValue(seed));
            var rows = LoadRows(r.GetValue(data)!, stderr);
            var heldOut = rows.Where(row => StableSplit.IsHeldOut(row.Prompt, options.Seed, heldOutShare)).ToList();
            var training = rows.Where(row => !StableSplit.IsHeldOut(row.Prompt, options.Seed, heldOutShare)).ToList();
            stderr.WriteLine($"training on {training.Count} rows; {heldOut.Count} held out for calibration (seed {options.Seed})");
            using var router = RouterTrainer.Train(training, options);
            router.MarkHoldOut(heldOutShare, options.Seed);
            var calibration = router.Calibrate(heldOut, cloudShare);
            var path = r.GetValue(output)!.FullName;
            router.Save(path);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {path}: trained on {training.Count} rows, calibrated on {heldOut.Count} held-out rows to a cloud share of {cloudShare * 100:F0}% "
                + $"(prompt threshold {calibration.PromptThreshold:G6}, response threshold {calibration.ResponseThreshold:G6})"));
            return 0;
        }));
        return command;
    }
}
