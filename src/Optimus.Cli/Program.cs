using System.CommandLine;
using Optimus.Cli.AgentCommands;
using Optimus.Cli.ClusterCommands;
using Optimus.Cli.KeyCommands;
using Optimus.Cli.OwnerCommands;
using Optimus.Cli.Up;
using Optimus.Routing.Cli;
using Optimus.Simulator.Cli;

var root = new RootCommand("Digital Optimus: a fleet of parked, charging vehicles as an inference cloud.")
{
    UpCommand.Create(),
    AgentCommand.Create(),
    RouterCommand.Create(),
    SimCommand.Create(),
    KeysCommand.Create(),
    ClusterCommand.Create(),
    OwnerCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
