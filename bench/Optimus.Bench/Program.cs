using Optimus.Bench;

// dotnet run -c Release --project bench/Optimus.Bench -- decode|overhead [--model PATH] [--threads N] ...
if (args.Length == 0 || args[0] is not ("decode" or "overhead"))
{
    Console.Error.WriteLine("usage: Optimus.Bench decode [--model PATH] [--threads N] [--tokens N] [--runs N]");
    Console.Error.WriteLine("       Optimus.Bench overhead [--vehicles N] [--requests N] [--concurrency N] [--seconds S]");
    return 2;
}

var options = BenchArgs.Parse(args[1..]);
return args[0] == "decode" ? await DecodeScenario.RunAsync(options) : await OverheadScenario.RunAsync(options);
