using Microsoft.Extensions.Logging.Abstractions;
using Optimus.Agent;
using Optimus.Cli.Up;
using Optimus.Core.Randomness;
using Optimus.Core.Vehicles;

namespace Optimus.Bench;

/// <summary>One vehicle decoding at a token per second, joined to a running fleet.</summary>
internal sealed class SlowVehicle : IAsyncDisposable
{
    private readonly VehicleModels _models;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    private SlowVehicle(VehicleModels models, VehicleAgent agent)
    {
        _models = models;
        _run = agent.RunAsync(_stop.Token);
    }

    public static async Task<SlowVehicle> StartAsync(OptimusUp up, string model)
    {
        var models = VehicleModels.LoadGguf(model, HardwareProfiles.Default, 0, 1);
        var registered = new TaskCompletionSource();
        var agent = new VehicleAgent(up.AgentOptionsFor("slow", HardwareProfiles.Default), models.Paced(1, TimeProvider.System),
            new ManualVehicleStatus(VehicleStatus.ParkedAndCharging), TimeProvider.System, new SeededRandom(3), NullLogger<VehicleAgent>.Instance);
        agent.Registered += (_, _) => registered.TrySetResult();
        var vehicle = new SlowVehicle(models, agent);
        await registered.Task;
        return vehicle;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _models.Dispose();
        _stop.Dispose();
    }
}
