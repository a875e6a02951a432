using System.Net;
using System.Reflection;
using Clusterd.ClusApi;
using Clusterd.CommandLine;
using Clusterd.Cluster.Topology;
using Clusterd.Server.Admin;
using Clusterd.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Clusterd.Server;

/// <summary>
/// One run of the server: logging, the data directory (store and engine), the admin endpoint, then wait for
/// SIGINT/SIGTERM and stop cleanly. Returns the process exit code.
/// </summary>
internal static class ServerRunner
{
    /// <summary>Exit code of a runtime failure (data directory in use, port taken, failed reset).</summary>
    public const int FailureExitCode = ExitCodes.Failure;

    /// <summary>The product version (informational version without the source revision).</summary>
    public static string Version
    {
        get
        {
            var v = typeof(ServerRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            var plus = v.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? v : v[..plus];
        }
    }

    /// <summary>Runs the server until it is told to stop.</summary>
    public static async Task<int> RunAsync(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = "clusterd",
        });
        ConfigureLogging(builder.Logging);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        Telemetry.AddMetrics(builder.Services, options);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = AdminJson.MaxDrainedBodyBytes;
            foreach (var endpoint in options.AdminEndpoints)
            {
                if (endpoint.Address is { } address)
                {
                    k.Listen(address, endpoint.Port);
                }
                else
                {
                    k.ListenLocalhost(endpoint.Port);
                }
            }
        });

        AdminEndpoints.AddServices(builder.Services);

        await using var app = builder.Build();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("clusterd");
        LogSettings(log, options);

        AdminToken? token = null;
        if (options.AdminTokenFile is { } tokenFile)
        {
            try
            {
                token = AdminToken.Load(tokenFile);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                Log.BadConfiguration(log, $"--admin-token-file {tokenFile}: {e.Message}");
                return CommandLine.UsageExitCode;
            }
            Log.AdminToken(log, tokenFile);
        }

        TopologyConfig topology;
        try
        {
            topology = options.TopologyFile is { } file ? TopologyConfig.Load(file) : TopologyConfig.Default();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Log.BadConfiguration(log, $"--config {options.TopologyFile}: {e.Message}");
            return CommandLine.UsageExitCode;
        }

        var time = options.Emulator ? new VirtualTimeProvider() : TimeProvider.System;
        ClusterHost host;
        try
        {
            host = ClusterHost.Open(options, topology, time, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("clusterd.engine"));
        }
        catch (StoreException e)
        {
            Log.StoreFailed(log, e.Message);
            return FailureExitCode;
        }

        using (host)
        {
            if (!LogCluster(log, host, options))
            {
                return CommandLine.UsageExitCode;
            }

            AdminEndpoints.Map(app, host, options, log, token);
            Telemetry.MapMetrics(app);
            try
            {
                await app.StartAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
            {
                // Address in use (Kestrel wraps it in an IOException), or one the OS will not bind (EADDRNOTAVAIL, EINVAL:
                // a SocketException Kestrel lets through): one line and exit 1, never an unhandled exception.
                Log.ListenFailed(log, e.InnerException is { } inner && e is IOException ? $"{e.Message} ({inner.Message})" : e.Message);
                return FailureExitCode;
            }

            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                Log.Listening(log, address);
            }
            var rpc = RpcEndpoints.Start(options, host, app.Services.GetRequiredService<ILoggerFactory>(), log);
            if (rpc is null)
            {
                await app.StopAsync().ConfigureAwait(false);
                return FailureExitCode;
            }
            await using (rpc.ConfigureAwait(false))
            {
                Log.Ready(log);
                await app.WaitForShutdownAsync().ConfigureAwait(false);
                Log.Stopping(log);
            }
        }
        Log.Stopped(log);
        // A failed reset asks the host to stop and leaves exit code 1 behind.
        return Environment.ExitCode;
    }

    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.IncludeScopes = false;
        });
        logging.SetMinimumLevel(LogLevel.Information);
        // ASP.NET Core's own lines ("Now listening on", per-request traces) are replaced by ours.
        logging.AddFilter("Microsoft", LogLevel.Warning);
        // A failed start (port in use) is logged once, by us, without the host's stack trace.
        logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.Critical);
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Error);
    }

    private static void LogSettings(ILogger log, ServerOptions options)
    {
        Log.Starting(log, Version, Environment.ProcessId);
        Log.DataDirectory(log, options.DataDirectory);
        Log.Profile(log, options.Profile.ToString());
        if (options.Emulator)
        {
            Log.EmulatorOn(log);
        }
        else
        {
            Log.EmulatorOff(log);
        }
        var urls = string.Join(";", options.AdminEndpoints.Select(e => e.Url));
        Log.AdminUrls(log, urls);
        if (options.AdminEndpoints.Any(e => !e.IsLoopback))
        {
            Log.AdminRemote(log, urls);
        }
        Log.Topology(log, options.TopologyFile ?? "embedded default");
        Log.Metrics(log, Telemetry.MetricsPath, options.OtlpEndpoint?.ToString() ?? "off");
    }

    /// <summary>Logs the topology summary; false (after logging why) when --local-node names no node.</summary>
    private static bool LogCluster(ILogger log, ClusterHost host, ServerOptions options) => host.Use(engine =>
    {
        Log.Database(log, host.Seeded ? "new, seeded from the topology" : "existing (the topology file is not applied)");
        if (options.LocalNode is { } wanted && engine.Queries.FindNode(wanted) is null)
        {
            Log.BadConfiguration(log, $"--local-node: '{wanted}' is not a node of the cluster ({string.Join(", ", engine.Queries.GetNodes().Select(n => n.Name))})");
            return false;
        }
        var info = engine.Queries.GetClusterInfo();
        Log.ClusterSummary(log, info.Name, engine.Queries.GetNodes().Count, engine.Queries.Enumerate(ClusterEnumType.Group).Count,
            engine.Queries.Enumerate(ClusterEnumType.Resource).Count, engine.Queries.GetAllSharedVolumes().Count, info.LocalNodeName);
        return true;
    });
}
