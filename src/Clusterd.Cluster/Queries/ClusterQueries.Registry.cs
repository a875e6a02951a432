namespace Clusterd.Cluster.Engine;

public sealed partial class ClusterQueries
{
    /// <summary>
    /// What <see cref="Commands.ExecuteRegistryBatch"/> would answer for <paramref name="commands"/> on the key at
    /// <paramref name="keyPath"/> now, and the index of the command that fails (MS-CMRP 3.1.4.2.112, pdwFailedCommand;
    /// -1 when the designated key is missing), without changing anything. The command runs the same check.
    /// </summary>
    public (ClusApi.Win32Error Error, int FailedCommand) CheckRegistryBatch(string keyPath, IReadOnlyList<RegistryBatchCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(keyPath);
        ArgumentNullException.ThrowIfNull(commands);
        lock (_model.Gate)
        {
            return _model.RegistryEdits.CheckBatch(keyPath, commands);
        }
    }
}
