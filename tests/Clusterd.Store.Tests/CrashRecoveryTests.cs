using System.Buffers.Binary;
using System.Globalization;

namespace Clusterd.Store.Tests;

/// <summary>
/// docs/architecture.md rule 4, "durable before acknowledged": a writer process killed with SIGKILL at an arbitrary
/// point loses no commit it acknowledged, and the database it leaves behind opens consistent.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Kill_9_mid_stream_of_commits_loses_no_acknowledged_commit()
    {
        long lastAck = 0;
        // Three kill/recover rounds: the later rounds also prove that a store recovered from a kill keeps working.
        foreach (var acksThisRound in new[] { 200, 50, 50 })
        {
            lastAck = await RunWriterAndKill(acksThisRound, lastAck);

            using var store = new SqliteClusterStore(_dir.Path);
            var records = store.Load();
            var numbered = records.Where(static r => r.Key.StartsWith("n/", StringComparison.Ordinal)).ToList();

            // Every acknowledged commit is there; the writer may have committed a little more before it died.
            Assert.True(store.Revision >= lastAck, $"revision {store.Revision} < last ACK {lastAck}");
            // Consistent: exactly one record per commit, numbered 1..revision, none torn.
            Assert.Equal(store.Revision, numbered.Count);
            for (var i = 0; i < numbered.Count; i++)
            {
                var n = i + 1L;
                Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"n/{n:D10}"), numbered[i].Key);
                Assert.Equal(4096, numbered[i].Value.Length);
                Assert.Equal(n, BinaryPrimitives.ReadInt64LittleEndian(numbered[i].Value.Span));
            }

            var last = records.Single(static r => r.Key == "last");
            Assert.Equal(store.Revision, BinaryPrimitives.ReadInt64LittleEndian(last.Value.Span));
            Assert.Equal(Math.Min(16, store.Revision), records.Count(static r => r.Durability == Durability.Volatile));
            lastAck = store.Revision;
        }
    }

    /// <summary>Starts the writer, reads until it acknowledged <paramref name="acks"/> more commits, kills it.</summary>
    private async Task<long> RunWriterAndKill(int acks, long recoveredRevision)
    {
        using var writer = CrashWriterProcess.Start(_dir.Path);
        var stderr = writer.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var lastAck = recoveredRevision;
        try
        {
            var ready = await writer.StandardOutput.ReadLineAsync(timeout.Token);
            Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"READY {recoveredRevision}"), ready);
            while (lastAck < recoveredRevision + acks)
            {
                var line = await writer.StandardOutput.ReadLineAsync(timeout.Token);
                if (line is null)
                {
                    Assert.Fail($"writer exited early (code {(writer.HasExited ? writer.ExitCode : -1)}): {await stderr}");
                }

                Assert.StartsWith("ACK ", line, StringComparison.Ordinal);
                var n = long.Parse(line.AsSpan(4), CultureInfo.InvariantCulture);
                Assert.Equal(lastAck + 1, n);
                lastAck = n;
            }
        }
        finally
        {
            writer.Kill(); // SIGKILL on Linux: no finalizers, no Dispose, no checkpoint
            await writer.WaitForExitAsync(CancellationToken.None);
        }

        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(128 + 9, writer.ExitCode); // died by signal 9, not a clean exit
        }

        return lastAck;
    }
}
