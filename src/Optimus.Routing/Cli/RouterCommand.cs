using System.CommandLine;
using Optimus.Routing.Data;

namespace Optimus.Routing.Cli;

/// <summary>
/// The <c>router</c> command of the <c>optimus</c> CLI: <c>train</c>, <c>calibrate</c> and <c>eval</c>. Results go
/// to standard output, progress and errors to standard error; bad input ends with a message and exit code 1.
/// </summary>
public static partial class RouterCommand
{
    private const int InputError = 1;

    /// <summary>Builds the <c>router</c> command with its subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("router", "Train, calibrate and evaluate the edge/cloud router.");
        command.Subcommands.Add(CreateTrain());
        command.Subcommands.Add(CreateCalibrate());
        command.Subcommands.Add(CreateEval());
        return command;
    }

    private static Option<DirectoryInfo> DataOption(bool required) => new("--data")
    {
        Description = "The routing data folder (gsm8k_responses.csv and mmlu/*.csv), e.g. ../shared/data/routing.",
        Required = required,
    };

    private static Option<int> SeedOption() => new("--seed")
    {
        Description = "Seed for the split and the learner; the same seed and data give the same router.",
        DefaultValueFactory = _ => Model.RouterTrainingOptions.DefaultSeed,
    };

    private static Option<double> CloudShareOption(bool required)
    {
        var option = new Option<double>("--cloud-share")
        {
            Description = "Target share of requests sent to the cloud model, in [0, 1].",
            Required = required,
        };
        if (!required)
        {
            option.DefaultValueFactory = _ => DefaultCloudShare;
        }

        return option;
    }

    private static IReadOnlyList<RoutingRow> LoadRows(DirectoryInfo data, TextWriter error)
    {
        error.WriteLine($"loading routing data from {data.FullName}");
        var rows = RoutingDataSets.Load(data.FullName);
        error.WriteLine($"loaded {rows.Count(r => r.DataSet == RoutingDataSets.Gsm8k)} GSM8K and {rows.Count(r => r.DataSet == RoutingDataSets.Mmlu)} MMLU rows");
        return rows;
    }

    private static void RequireShare(double share)
    {
        if (share is < 0 or > 1 || double.IsNaN(share))
        {
            throw new ArgumentException($"--cloud-share must lie in [0, 1]; got {share}.");
        }
    }

    /// <summary>Runs an action, turning the failures bad input causes into a message and exit code 1.</summary>
    private static Task<int> Guard(ParseResult result, Func<TextWriter, TextWriter, int> action)
    {
        var output = result.InvocationConfiguration.Output;
        var error = result.InvocationConfiguration.Error;
        try
        {
            return Task.FromResult(action(output, error));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidDataException
                                      or InvalidOperationException or ArgumentException)
        {
            error.WriteLine($"error: {e.Message}");
            return Task.FromResult(InputError);
        }
    }
}
