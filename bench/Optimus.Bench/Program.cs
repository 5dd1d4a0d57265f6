using Optimus.Bench;

// dotnet run -c Release --project bench/Optimus.Bench -- SCENARIO [--name value ...]
string[] scenarios = ["decode", "overhead", "dispatch", "failover", "hedging"];
if (args.Length == 0 || !scenarios.Contains(args[0]))
{
    Console.Error.WriteLine("usage: Optimus.Bench decode   [--model PATH] [--threads N] [--tokens N] [--runs N]");
    Console.Error.WriteLine("       Optimus.Bench overhead [--vehicles N] [--requests N] [--concurrency N] [--seconds S]");
    Console.Error.WriteLine("       Optimus.Bench dispatch [--vehicles N] [--cells N] [--concurrency N] [--seconds S]");
    Console.Error.WriteLine("       Optimus.Bench failover [--model PATH] [--trials N] [--rate TOKENS_PER_S]");
    Console.Error.WriteLine("       Optimus.Bench hedging  [--model PATH] [--requests N]");
    return 2;
}

var options = BenchArgs.Parse(args[1..]);
var model = options.Get("model") ?? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../../shared/models/stories260K.gguf"));
return args[0] switch
{
    "decode" => await DecodeScenario.RunAsync(options, model),
    "overhead" => await OverheadScenario.RunAsync(options),
    "dispatch" => await DispatchScenario.RunAsync(options),
    "failover" => await FleetTimingScenario.FailoverAsync(options, model),
    _ => await FleetTimingScenario.HedgingAsync(options, model),
};
