using System.Net;
using System.Threading.Channels;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Optimus.Protocol;

namespace Optimus.Agent.Tests;

/// <summary>
/// The other end of the vehicle channel for the agent's unit tests: a real gRPC server on 127.0.0.1 whose replies the
/// test scripts. What the agent sends arrives in <see cref="Received"/>; what the test puts in <see cref="Replies"/> is
/// sent to the agent. Only the agent is under test here; the gateway's side has tests of its own.
/// </summary>
internal sealed class ScriptedCoordinator : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ScriptedCoordinator(WebApplication app) => _app = app;

    public Channel<AgentMessage> Received { get; } = Channel.CreateUnbounded<AgentMessage>();

    public Channel<CoordinatorMessage> Replies { get; } = Channel.CreateUnbounded<CoordinatorMessage>();

    public Uri Address { get; private set; } = null!;

    public static async Task<ScriptedCoordinator> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        ScriptedCoordinator? self = null;
        builder.Services.AddSingleton(_ => self!);
        var app = builder.Build();
        app.MapGrpcService<Service>();
        self = new ScriptedCoordinator(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.Single();
        self.Address = new Uri(address);
        return self;
    }

    /// <summary>The next message the agent sent of <paramref name="body"/>, skipping others (heartbeats, say).</summary>
    public Task<AgentMessage> NextAsync(AgentMessage.BodyOneofCase body, Func<AgentMessage, bool>? where = null) =>
        NextAsync(m => m.BodyCase == body && (where is null || where(m)));

    /// <summary>The next message the agent sent that <paramref name="where"/> accepts, skipping others.</summary>
    public async Task<AgentMessage> NextAsync(Func<AgentMessage, bool> where)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var message = await Received.Reader.ReadAsync(timeout.Token);
            if (where(message))
            {
                return message;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Replies.Writer.TryComplete();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class Service(ScriptedCoordinator coordinator) : VehicleChannel.VehicleChannelBase
    {
        public override async Task Connect(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<CoordinatorMessage> responseStream, ServerCallContext context)
        {
            var reading = Task.Run(async () =>
            {
                while (await requestStream.MoveNext(context.CancellationToken))
                {
                    await coordinator.Received.Writer.WriteAsync(requestStream.Current);
                }
            });
            try
            {
                await foreach (var reply in coordinator.Replies.Reader.ReadAllAsync(context.CancellationToken))
                {
                    await responseStream.WriteAsync(reply);
                    if (reply.BodyCase == CoordinatorMessage.BodyOneofCase.Rejected)
                    {
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The agent hung up.
            }

            await reading.ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }
}
