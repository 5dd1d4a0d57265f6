using System.CommandLine;
using Optimus.Routing.Evaluation;
using Optimus.Routing.Model;

namespace Optimus.Routing.Cli;

public static partial class RouterCommand
{
    private static Command CreateEval()
    {
        var data = DataOption(required: true);
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of the markdown table." };
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Folder for the PNG plots.",
            DefaultValueFactory = _ => new DirectoryInfo("router-eval"),
        };
        var seed = SeedOption();
        var folds = new Option<int>("--folds")
        {
            Description = "Folds of the cross-validation (without --router).",
            DefaultValueFactory = _ => RouterEvaluator.DefaultFolds,
        };
        var routerFile = new Option<FileInfo>("--router")
        {
            Description = "Evaluate this router file on the rows it held out, instead of cross-validating fresh routers.",
        };
        var command = new Command("eval", "Evaluate routing on held-out rows: APGR, CPT(50%), CPT(80%) beside random and oracle, and plots.");
        command.Options.Add(data);
        command.Options.Add(json);
        command.Options.Add(output);
        command.Options.Add(seed);
        command.Options.Add(folds);
        command.Options.Add(routerFile);
        command.SetAction((ParseResult r, CancellationToken _) => Guard(r, (stdout, stderr) =>
        {
            var foldCount = r.GetValue(folds);
            if (foldCount < 2)
            {
                throw new ArgumentException($"--folds must be at least 2; got {foldCount}.");
            }

            var rows = LoadRows(r.GetValue(data)!, stderr);
            IReadOnlyList<DataSetEvaluation> evaluations;
            if (r.GetValue(routerFile) is { } file)
            {
                using var router = Router.Load(file.FullName);
                evaluations = RouterEvaluator.EvaluateHeldOut(router, rows, file.Name);
            }
            else
            {
                evaluations = RouterEvaluator.CrossValidate(rows, foldCount, new RouterTrainingOptions(r.GetValue(seed)), stderr.WriteLine);
            }

            var directory = r.GetValue(output)!.FullName;
            foreach (var evaluation in evaluations)
            {
                stderr.WriteLine($"wrote {QualityPlot.Write(evaluation, directory)}");
            }

            stdout.WriteLine(r.GetValue(json) ? EvaluationReport.ToJson(evaluations) : EvaluationReport.ToMarkdown(evaluations));
            return 0;
        }));
        return command;
    }
}
