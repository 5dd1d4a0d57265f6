using Optimus.Bench;

// dotnet run -c Release --project bench/Optimus.Bench -- SCENARIO [--name value ...]
string[] scenarios = ["decode", "overhead", "dispatch", "failover", "hedging", "ledger", "metering", "keys", "cluster"];
if (args.Length == 0 || !scenarios.Contains(args[0]))
{
    Console.Error.WriteLine("usage: Optimus.Bench decode   [--model PATH] [--threads N] [--tokens N] [--runs N]");
    Console.Error.WriteLine("       Optimus.Bench overhead [--vehicles N] [--requests N] [--concurrency N] [--seconds S]");
    Console.Error.WriteLine("       Optimus.Bench dispatch [--vehicles N] [--cells N] [--concurrency N] [--seconds S]");
    Console.Error.WriteLine("       Optimus.Bench failover [--model PATH] [--trials N] [--rate TOKENS_PER_S]");
    Console.Error.WriteLine("       Optimus.Bench hedging  [--model PATH] [--requests N]");
    Console.Error.WriteLine("       Optimus.Bench ledger   [--singles N] [--batched N] [--batch N]   (PostgreSQL too when OPTIMUS_TEST_POSTGRES is set)");
    Console.Error.WriteLine("       Optimus.Bench metering [--requests N]");
    Console.Error.WriteLine("       Optimus.Bench keys     [--lookups N] [--db CONNECTION]   (the cluster's PostgreSQL key check; or OPTIMUS_TEST_POSTGRES)");
    Console.Error.WriteLine("       Optimus.Bench cluster  [--silos 3] [--vehicles 8] [--concurrency 32] [--seconds 10] [--db CONNECTION]   (or OPTIMUS_TEST_POSTGRES)");
    Console.Error.WriteLine("       Optimus.Bench overhead ... [--auth off]   (the open --no-auth mode, to compare)");
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
    "ledger" => await LedgerScenario.RunAsync(options),
    "metering" => await MeteringScenario.RunAsync(options),
    "keys" => await KeyCheckScenario.RunAsync(options),
    "cluster" => await ClusterScenario.RunAsync(options),
    _ => await FleetTimingScenario.HedgingAsync(options, model),
};
