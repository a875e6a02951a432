using Clusterd.Client;
using Clusterd.ClusApi;
using Clusterd.Rpc.Security;

// dotnet run --project samples/Clusterd.Client.Example -- HOST[:PORT]   (password in CLUSCTL_PASSWORD)
if (!ClusterConnectionOptions.TryParseAddress(args.Length > 0 ? args[0] : "127.0.0.1", out var host, out var port))
{
    Console.Error.WriteLine("usage: Clusterd.Client.Example HOST[:PORT]");
    return 2;
}
await using var cluster = await ClusterClient.ConnectAsync(new ClusterConnectionOptions
{
    Host = host,
    Port = port, // null: ask the endpoint mapper on port 135
    Credential = NtlmCredential.FromPassword("clusterd", "", Environment.GetEnvironmentVariable("CLUSCTL_PASSWORD") ?? ""),
});

foreach (var csv in await cluster.GetSharedVolumesAsync())
{
    foreach (var volume in csv.Volumes)
    {
        Console.WriteLine($"{csv.Name}: {volume.FriendlyName} backup {volume.BackupState}, coordinator {csv.OwnerNode}");
    }
}

// Backup mode on Volume1 for at most 30 minutes: the cluster clears it by itself if no backup starts by then.
await cluster.SetSharedVolumeBackupModeAsync("Volume1", SharedVolumeBackupState.InProgress, delaySeconds: 1800);
try
{
    // A second backup program sees that one is in progress:
    await cluster.SetRedirectedAccessAsync("Volume1", on: true);
}
catch (ClusterException e) when (e.Error == Win32Error.ClusterBackupInProgress)
{
    Console.WriteLine($"{e.SymbolicName}: {e.Meaning}");
}
await cluster.SetSharedVolumeBackupModeAsync("Volume1", SharedVolumeBackupState.None);
return 0;
