namespace Clusterd.Cluster.Engine;

/// <summary>A key opened or created by <see cref="Commands.CreateRegistryKey"/>.</summary>
/// <param name="Path">The key's path from the root, as stored.</param>
/// <param name="Created">True when the command created it (REG_CREATED_NEW_KEY), false when it existed (REG_OPENED_EXISTING_KEY).</param>
public sealed record RegistryKeyOpened(string Path, bool Created);

/// <summary>CLUSTER_REG_BATCH_COMMAND values of a write batch (MS-CMRP 2.2.2.8).</summary>
public enum RegistryBatchOperation : uint
{
    /// <summary>CLUSREG_SET_VALUE: sets a value of the current key.</summary>
    SetValue = 1,
    /// <summary>CLUSREG_CREATE_KEY: creates or opens a key (relative to the designated key) and makes it current.</summary>
    CreateKey = 2,
    /// <summary>CLUSREG_DELETE_KEY: deletes a key (relative to the designated key) with everything under it; clears the current key.</summary>
    DeleteKey = 3,
    /// <summary>CLUSREG_DELETE_VALUE: deletes a value of the current key.</summary>
    DeleteValue = 4,
}

/// <summary>One command of a write batch (BATCH_UPDATE_COMMAND, MS-CMRP 2.2.3.17.1), decoded.</summary>
/// <param name="Operation">The command; values outside <see cref="RegistryBatchOperation"/> are kept as sent and refused.</param>
/// <param name="Name">The key path (CREATE_KEY, DELETE_KEY) or value name (SET_VALUE, DELETE_VALUE).</param>
/// <param name="ValueType">The REG_* type of SET_VALUE; ignored otherwise.</param>
/// <param name="Data">The bytes of SET_VALUE; ignored otherwise.</param>
public sealed record RegistryBatchCommand(RegistryBatchOperation Operation, string Name, uint ValueType, ReadOnlyMemory<byte> Data);
