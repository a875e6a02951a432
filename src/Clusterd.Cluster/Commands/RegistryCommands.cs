using Clusterd.ClusApi;
using Clusterd.Cluster.Engine;

namespace Clusterd.Cluster.Commands;

// Cluster registry commands (MS-CMRP 3.1.4.2.30-40, 112): writes to the cluster database through the registry methods,
// limited to the part of the tree the engine does not keep for its objects (docs/behaviour.md, "Registry writes").

/// <summary>
/// ApiCreateKey (MS-CMRP 3.1.4.2.30): opens the key <c>SubKey</c> (a backslash-separated relative path) under the key at
/// <c>ParentPath</c>, creating it and every missing key on the way. The answer is the key's path and whether it was
/// created. A missing parent: ERROR_FILE_NOT_FOUND; a malformed or over-long path: ERROR_INVALID_PARAMETER; a new key
/// where the engine keeps its objects: ERROR_ACCESS_DENIED.
/// </summary>
/// <param name="ParentPath">The path of the key the handle designates ("" is the root).</param>
/// <param name="SubKey">The relative path to open or create; "" opens the parent itself.</param>
public sealed record CreateRegistryKey(string ParentPath, string SubKey) : ClusterCommand<RegistryKeyOpened>
{
    internal override (Win32Error Error, RegistryKeyOpened? Value) Apply(ClusterModel model, Tx tx) => model.RegistryEdits.CreateKey(tx, ParentPath, SubKey);
}

/// <summary>
/// ApiSetValue (MS-CMRP 3.1.4.2.33): creates or replaces the value <c>Name</c> ("" is the key's default value) of the
/// key at <c>KeyPath</c>. A type outside REG_NONE, REG_SZ, REG_EXPAND_SZ, REG_BINARY, REG_DWORD (4 bytes), REG_MULTI_SZ,
/// REG_QWORD (8 bytes), an invalid name or data over the limit: ERROR_INVALID_PARAMETER; a value the engine keeps:
/// ERROR_ACCESS_DENIED; a key deleted meanwhile: ERROR_FILE_NOT_FOUND.
/// </summary>
/// <param name="KeyPath">The key's path.</param>
/// <param name="Name">The value's name.</param>
/// <param name="Type">The REG_* type, as the client sent it.</param>
/// <param name="Data">The bytes.</param>
public sealed record SetRegistryValue(string KeyPath, string Name, uint Type, ReadOnlyMemory<byte> Data) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.RegistryEdits.SetValue(tx, KeyPath, Name, Type, Data.Span);
}

/// <summary>
/// ApiDeleteValue (MS-CMRP 3.1.4.2.34): deletes the value <c>Name</c> of the key at <c>KeyPath</c>. A missing value or
/// key: ERROR_FILE_NOT_FOUND; a value the engine keeps: ERROR_ACCESS_DENIED.
/// </summary>
/// <param name="KeyPath">The key's path.</param>
/// <param name="Name">The value's name.</param>
public sealed record DeleteRegistryValue(string KeyPath, string Name) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.RegistryEdits.DeleteValue(tx, KeyPath, Name);
}

/// <summary>
/// ApiDeleteKey (MS-CMRP 3.1.4.2.36): deletes the key <c>SubKey</c> under the key at <c>ParentPath</c> with its values.
/// A key with subkeys, or one the engine keeps: ERROR_ACCESS_DENIED; a missing key: ERROR_FILE_NOT_FOUND; an empty or
/// malformed path: ERROR_INVALID_PARAMETER.
/// </summary>
/// <param name="ParentPath">The path of the key the handle designates.</param>
/// <param name="SubKey">The relative path of the key to delete.</param>
public sealed record DeleteRegistryKey(string ParentPath, string SubKey) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.RegistryEdits.DeleteKey(tx, ParentPath, SubKey);
}

/// <summary>
/// ApiExecuteBatch (MS-CMRP 3.1.4.2.112): the commands of one CLUSTER_REG_BATCH_UPDATE, relative to the key at
/// <c>KeyPath</c>, as one transaction: every change or none. The first command that fails fails the batch; the index of
/// that command is what <see cref="ClusterQueries.CheckRegistryBatch"/> reports for the same state and commands.
/// </summary>
/// <param name="KeyPath">The designated key's path.</param>
/// <param name="Commands">The commands, in order.</param>
public sealed record ExecuteRegistryBatch(string KeyPath, IReadOnlyList<RegistryBatchCommand> Commands) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.RegistryEdits.ExecuteBatch(tx, KeyPath, Commands);
}
