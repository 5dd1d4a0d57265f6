using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Optimus.Core.Billing;
using Optimus.Core.Vehicles;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Api;
using Optimus.Gateway.Batches;
using Optimus.Gateway.Billing;
using Optimus.Gateway.Cluster;
using Optimus.Gateway.Verification;
using Optimus.Core.Verification;
using Optimus.Gateway.Cloud;
using Optimus.Gateway.Devices;
using Optimus.Gateway.Identity;
using Optimus.Gateway.Routing;
using Optimus.Gateway.Storage;
using Optimus.Grains;
using Optimus.Ledger;
using Orleans.Configuration;

namespace Optimus.Gateway;

/// <summary>
/// Builds the coordinator process: Kestrel on 127.0.0.1 with the HTTP API on one port and the vehicle gRPC channel
/// (HTTP/2) on another, an Orleans silo with localhost clustering in the same process, and the SQLite journal.
/// </summary>
public static class GatewayHost
{
    public static WebApplication Build(GatewayOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddJsonFile(GatewayConfiguration.FileName, optional: true);
        options = WithClusterDefaults(GatewayConfiguration.Resolve(options, builder.Configuration));
        var agentCertificate = AgentCertificate.Load(options);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.ApiPort, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Listen(IPAddress.Loopback, options.AgentPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (agentCertificate is not null)
                {
                    listen.UseHttps(agentCertificate);
                }
            });
        });
        builder.Logging.AddFilter("Orleans", LogLevel.Warning).AddFilter("Microsoft", LogLevel.Warning).AddFilter("Grpc", LogLevel.Warning).AddFilter("Polly", LogLevel.Error)
            .AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        var siloPort = options.SiloPort > 0 ? options.SiloPort : FreePort();
        builder.UseOrleans(silo =>
        {
            if (options.ClusterDatabase is { } database)
            {
                ConfigureCluster(silo, options, database, siloPort);
            }
            else
            {
                silo.UseLocalhostClustering(siloPort, FreePort(), null, "optimus", "optimus");
            }

            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromHours(2));
            silo.Services.AddSingleton(VerificationPolicyFor(options));
            silo.Services.AddOptimusGrains(
                new LeaseTiming(options.HeartbeatInterval), options.Seed, options.DispatchCells,
                options.ClusterDatabase is null ? AvailabilityRefresh.Off : new AvailabilityRefresh(2));
        });

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<AgentSessions>();
        builder.Services.AddSingleton<JobTable>();
        builder.Services.AddSingleton<TokenCounters>();
        builder.Services.AddSingleton<GatewayPressure>();
        builder.Services.AddSingleton<InferenceDispatcher>();
        builder.Services.AddSingleton<AdmissionControl>();
        builder.Services.AddSingleton<Quarantine>();
        builder.Services.AddOptimusRateLimiting();
        builder.Services.AddSingleton<JobJournal>();
        builder.Services.AddHostedService(static sp => sp.GetRequiredService<JobJournal>());
        AddAccountsAndBilling(builder.Services, options);
        AddVerification(builder.Services, options);
        builder.Services.AddVehicleIdentity(options, agentCertificate);
        builder.Services.AddSingleton<BatchStore>();
        builder.Services.AddSingleton<VehiclePseudonyms>();
        builder.Services.AddSingleton<BatchRunner>();
        builder.Services.AddHostedService(static sp => sp.GetRequiredService<BatchRunner>());
        builder.Services.AddOptimusCloud(options.Cloud);
        builder.Services.AddOptimusRouting();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = Protocol.VehicleChannelLimits.MaxMessageBytes;
            grpc.MaxSendMessageSize = Protocol.VehicleChannelLimits.MaxMessageBytes;
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        // Load the router file now, so that a missing or bad file stops startup rather than the first request.
        _ = app.Services.GetRequiredService<LearnedRouter>();
        _ = app.Services.GetRequiredService<BootstrapKeys>();
        app.UseExceptionHandler(errors => errors.Run(static async context =>
        {
            var feature = context.Features.Get<IExceptionHandlerFeature>();
            var error = feature?.Error is Microsoft.AspNetCore.Http.BadHttpRequestException bad
                ? ApiError.Invalid(bad.Message) with { Status = bad.StatusCode }
                : new ApiError(StatusCodes.Status500InternalServerError, "The server had an error while processing your request.", "server_error");
            await error.WriteAsync(context.Response);
        }));

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseOptimusRateLimiting();

        // Each API group declares the key role it needs (ApiPolicies); an endpoint that declares nothing is denied by
        // the fallback policy. The vehicle channel authenticates vehicles by their own proof (VehicleAuthenticator).
        app.MapGrpcService<VehicleChannelService>().RequireHost($"*:{options.AgentPort}").AllowAnonymous();
        var api = app.MapGroup(string.Empty).RequireHost($"*:{options.ApiPort}");
        api.MapCompletionsApi();
        api.MapModelsApi();
        api.MapHealthApi();
        api.MapFilesApi();
        api.MapBatchesApi();
        api.MapUsageApi();
        api.MapAdminApi();
        api.MapOwnerApi();
        app.MapFallback(static context => new ApiError(
            StatusCodes.Status404NotFound,
            $"Unknown path {context.Request.Method} {context.Request.Path}. See GET /v1/models, POST /v1/chat/completions, POST /v1/completions, /v1/files and /v1/batches.",
            ApiError.InvalidRequest,
            null,
            "unknown_url").WriteAsync(context.Response)).AllowAnonymous();
        return app;
    }

    // Cluster mode: membership in PostgreSQL (our IMembershipTable over ClusterSchema), silo-to-silo on 127.0.0.1, quick
    // failure detection (a silo killed with -9 is declared dead in seconds, so its relayed jobs move on), and the relay
    // that carries jobs to vehicles connected to other gateways.
    private static void ConfigureCluster(ISiloBuilder silo, GatewayOptions options, string database, int siloPort)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = "optimus";
        });
        silo.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = IPAddress.Loopback;
            o.SiloPort = siloPort;
            o.GatewayPort = FreePort();
        });
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
        });
        silo.Services.AddSingleton(new ClusterConnection(database));
        silo.Services.AddSingleton<IMembershipTable, PostgresMembershipTable>();
        silo.Services.AddSingleton<ClusterRelay>();
        silo.Services.AddHostedService(static sp => sp.GetRequiredService<ClusterRelay>());
    }

    // Without canaries nothing can admit a vehicle by a known answer, so admission asks for none (colluders are then
    // caught only by honest replicas; docs/verification.md explains what canaries add).
    private static VerificationPolicy VerificationPolicyFor(GatewayOptions options) =>
        options.CanaryPath is null ? VerificationPolicy.Default with { AdmissionCanaries = 0 } : VerificationPolicy.Default;

    private static void AddVerification(IServiceCollection services, GatewayOptions options)
    {
        if (!options.Verify)
        {
            return;
        }

        if (options.CanaryPath is { } canaries)
        {
            services.AddSingleton(CanarySet.Load(canaries));
        }

        services.AddSingleton<ResultVerifier>();
    }

    // API keys and limits, the meter's reads, the ledger (SQLite in the data folder unless a PostgreSQL connection string
    // is given) and the poster that moves charges into it. The accounts are the data folder's, or in cluster mode the
    // cluster's in PostgreSQL, shared by every gateway.
    private static void AddAccountsAndBilling(IServiceCollection services, GatewayOptions options)
    {
        services.AddSingleton(static sp => AccountsDatabase.For(sp.GetRequiredService<GatewayOptions>().ClusterDatabase, sp.GetRequiredService<GatewayOptions>().DataDirectory));
        services.AddSingleton<KeyRing>();
        services.AddSingleton<BootstrapKeys>();
        services.AddOptimusApiAuthorization();
        services.AddSingleton<UsageStore>();
        services.AddSingleton<ISpendHistory>(static sp => sp.GetRequiredService<UsageStore>());
        services.AddSingleton<IPrepaidBalances, LedgerBalances>();
        services.AddSingleton<CustomerQuotas>();
        services.AddSingleton(options.Prices ?? PriceList.Default);
        services.AddSingleton<Metering>();
        services.AddSingleton(static sp => new OwnerStore(sp.GetRequiredService<AccountsDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<EnrolledPolicies>();
        services.AddSingleton(static sp =>
        {
            var gateway = sp.GetRequiredService<GatewayOptions>();
            var time = sp.GetRequiredService<TimeProvider>();
            return (gateway.LedgerConnectionString ?? gateway.ClusterDatabase) is { } connection
                ? LedgerStores.OpenPostgresAsync(connection, time, sp.GetRequiredService<ILoggerFactory>()).GetAwaiter().GetResult()
                : OpenSqliteLedger(Path.Combine(gateway.DataDirectory, "ledger.db"), time);
        });
        services.AddSingleton<BillingPoster>();
        services.AddHostedService(static sp => sp.GetRequiredService<BillingPoster>());
    }

    private static ILedgerStore OpenSqliteLedger(string path, TimeProvider time)
    {
        DataFolder.PrepareDatabase(path);
        return LedgerStores.OpenSqliteAsync(path, time).GetAwaiter().GetResult();
    }

    /// <summary>In cluster mode the vehicle channel is always TLS: vehicles then cross machines and networks.</summary>
    public static GatewayOptions WithClusterDefaults(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ClusterDatabase is not null && !options.AgentTls ? options with { AgentTls = true } : options;
    }

    /// <summary>A port that was free a moment ago on 127.0.0.1.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
