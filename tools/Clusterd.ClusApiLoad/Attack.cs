using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Clusterd.Client;
using Clusterd.Rpc.Security;

namespace Clusterd.ClusApiLoad;

/// <summary>
/// <c>--attack SCENARIO</c>: the unauthenticated attacks of docs/hardening.md against a real clusterd, with a sealed
/// client measured before and during them. Loopback only: the attackers use the source addresses 127.0.0.2
/// (slowloris) and 127.0.0.3 (pinning), the client 127.0.0.1.
/// <list type="bullet">
/// <item><c>slowloris</c>: 2,000 connections, half on each port, that send one byte (0x05) and stall.</item>
/// <item><c>pinning</c>: 300 plain binds, half on each port, each followed by a first request fragment and 719 middle
/// fragments of 5,816 bytes, never the last (about 4 MiB each).</item>
/// <item><c>both</c>: the two at once.</item>
/// </list>
/// Per run (a fresh server each): sealed GET_SHARED_VOLUME_INFO calls/s on one connection undisturbed, then on a new
/// connection opened while the attack holds, RSS before, at its peak and 5 s after the attackers left, and what the
/// attackers still held when the measurement began.
/// </summary>
internal static class Attack
{
    public static async Task RunAsync(Options options, string scenario, string work, string accounts, NtlmCredential credential)
    {
        if (scenario is not ("slowloris" or "pinning" or "both"))
        {
            throw new ArgumentException($"--attack {scenario}: not slowloris, pinning or both");
        }

        Console.WriteLine($"| run | undisturbed calls/s | under attack calls/s | ratio | slowloris held | pinning held | RSS before | RSS peak | RSS 5 s after |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int run = 1; run <= options.Runs; run++)
        {
            await using var server = await ServerProcess.StartAsync(options.ServerDll, work, accounts, topology: null);
            for (int i = 0; i < 100 && server.EndpointMapperPort == 0; i++)
            {
                await Task.Delay(100);
            }

            await Load.RunAsync("warm-up", server.ClusApi, credential, 1, options.Duration, Load.SharedVolumeInfo); // JIT tiers settle
            var undisturbed = await Load.RunAsync("undisturbed", server.ClusApi, credential, 1, options.Duration, Load.SharedVolumeInfo);
            var before = server.Memory();

            var sockets = new List<Socket>();
            int slowlorisHeld = 0, pinningHeld = 0;
            string underAttack;
            try
            {
                var ports = new[] { server.ClusApi.Port, server.EndpointMapperPort };
                if (scenario is "slowloris" or "both")
                {
                    sockets.AddRange(await AttackPeers.SlowlorisAsync(ports, 2000));
                }

                List<Socket> pinners = [];
                if (scenario is "pinning" or "both")
                {
                    pinners = await AttackPeers.PinAsync([(ports[0], Clusterd.ClusApi.Contract.ClusApiInterface.Syntax), (ports[1], AttackPeers.EndpointMapper)], 300, 719);
                    sockets.AddRange(pinners);
                }

                slowlorisHeld = AttackPeers.CountOpen(sockets.Where(s => ((IPEndPoint)s.LocalEndPoint!).Address.Equals(AttackPeers.Slowloris)));
                pinningHeld = AttackPeers.CountOpen(pinners);
                try
                {
                    var m = await Load.RunAsync("under attack", server.ClusApi, credential, 1, options.Duration, Load.SharedVolumeInfo);
                    underAttack = m.CallsPerSecond.ToString("F0", CultureInfo.InvariantCulture);
                    underAttack += $" | {m.CallsPerSecond / undisturbed.CallsPerSecond:P0}";
                }
                catch (Exception e) when (e is SocketException or IOException or InvalidOperationException or Rpc.RpcFaultException)
                {
                    underAttack = $"refused ({e.GetType().Name}) | 0 %";
                }
            }
            finally
            {
                foreach (var s in sockets)
                {
                    s.Dispose();
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(5));
            var after = server.Memory();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {run} | {undisturbed.CallsPerSecond:F0} | {underAttack} | {slowlorisHeld} | {pinningHeld} | {before.Rss / 1024} MiB | {after.Peak / 1024} MiB | {after.Rss / 1024} MiB |"));
        }
    }
}
