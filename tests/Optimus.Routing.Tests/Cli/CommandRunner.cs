using System.CommandLine;
using Optimus.Routing.Cli;

namespace Optimus.Routing.Tests.Cli;

/// <summary>Runs the <c>router</c> command in process and captures its standard output and error.</summary>
internal static class CommandRunner
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var root = new RootCommand("test host");
        root.Subcommands.Add(RouterCommand.Create());
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await root.Parse(["router", .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
