using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Service;

/// <summary>
/// The write side of the cluster registry methods (MS-CMRP 3.1.4.2.30, 33, 34, 36, 40, 112, 141, 145): each change is
/// one engine command, durable before it is answered and replicated like every other change, and raises
/// CLUSTER_CHANGE_REGISTRY_*_V2. Every write needs a handle with "All" and the Read/Write server state
/// (<see cref="ClusApiCall.CheckWrite(ClusApiHandle)"/>); what part of the tree may be written is in docs/behaviour.md, "Registry writes".
/// </summary>
internal static class RegistryWriteMethods
{
    private const ClusApiObjectKind Kind = ClusApiObjectKind.Key;

    /// <summary>REG_CREATED_NEW_KEY.</summary>
    private const uint CreatedNewKey = 1;

    /// <summary>REG_OPENED_EXISTING_KEY.</summary>
    private const uint OpenedExistingKey = 2;

    /// <summary>
    /// ApiCreateKey (opnum 29, MS-CMRP 3.1.4.2.30): opens or creates lpSubKey (and the keys on its way) under hKey and
    /// answers a handle with lpdwDisposition. dwOptions is ignored (version 3); lpSecurityAttributes is accepted and not
    /// kept: every key has the one descriptor ApiGetKeySecurity reports (docs/behaviour.md, "Registry writes").
    /// </summary>
    [ParityNote("lpSecurityAttributes is not kept: every key has the same descriptor. Keys where the engine keeps its objects cannot be created (ERROR_ACCESS_DENIED).")]
    public static CreateKeyResponse CreateKey(ClusApiCall c, CreateKeyRequest r)
    {
        var e = c.Resolve(r.Key, Kind, out var parent);
        if (e == Win32Error.Success)
        {
            e = c.CheckWrite(parent);
        }
        var handle = NdrContextHandle.Null;
        uint disposition = 0;
        // Reserve the answer's handle first: once the key is created nothing may fail (docs/engine-rules.md).
        if (e == Win32Error.Success)
        {
            e = c.TryReserveHandle(out handle);
        }
        if (e == Win32Error.Success)
        {
            var (error, opened) = c.Engine.Execute(new CreateRegistryKey(parent.Id, r.SubKey));
            e = error;
            handle = c.CompleteReservation(handle, e, Kind, opened?.Path, RegistryMethods.KeyAccess(r.DesiredAccess));
            disposition = opened is null ? 0 : opened.Created ? CreatedNewKey : OpenedExistingKey;
        }
        return new(disposition, e, new KeyHandle(handle));
    }

    /// <summary>ApiSetValue (opnum 32, MS-CMRP 3.1.4.2.33): creates or replaces a value of the key.</summary>
    [ParityNote("REG_DWORD must be 4 bytes and REG_QWORD 8; other types than those of 3.1.4.2.33 are ERROR_INVALID_PARAMETER; values the engine keeps are ERROR_ACCESS_DENIED.")]
    public static ResultResponse SetValue(ClusApiCall c, SetValueRequest r) =>
        OpenMethods.WriteAction(c, r.Key, Kind, h => c.Engine.Execute(new SetRegistryValue(h.Id, r.ValueName, r.Type, r.Data)));

    /// <summary>ApiDeleteValue (opnum 33, MS-CMRP 3.1.4.2.34): a missing value is ERROR_FILE_NOT_FOUND.</summary>
    public static ResultResponse DeleteValue(ClusApiCall c, DeleteValueRequest r) =>
        OpenMethods.WriteAction(c, r.Key, Kind, h => c.Engine.Execute(new DeleteRegistryValue(h.Id, r.ValueName)));

    /// <summary>ApiDeleteKey (opnum 35, MS-CMRP 3.1.4.2.36): a key with subkeys is ERROR_ACCESS_DENIED, a missing one ERROR_FILE_NOT_FOUND.</summary>
    public static ResultResponse DeleteKey(ClusApiCall c, DeleteKeyRequest r) =>
        OpenMethods.WriteAction(c, r.Key, Kind, h => c.Engine.Execute(new DeleteRegistryKey(h.Id, r.SubKey)));

    /// <summary>
    /// ApiExecuteBatch (opnum 113, MS-CMRP 3.1.4.2.112): the CLUSTER_REG_BATCH_UPDATE as one engine command, all of it or
    /// nothing. pdwFailedCommand is the index of the command that failed, -1 when the failure is not one command's (the
    /// handle, the access, the server state, a batch without a command or of another version, a missing designated key,
    /// a store that refuses the commit) and -1 on success (docs/behaviour.md, "Registry batches").
    /// </summary>
    [ParityNote("All or nothing as the spec says; pdwFailedCommand is -1 on success and when no single command failed.")]
    public static ExecuteBatchResponse ExecuteBatch(ClusApiCall c, ExecuteBatchRequest r)
    {
        var e = c.Resolve(r.Key, Kind, out var h);
        if (e == Win32Error.Success)
        {
            e = c.CheckWrite(h);
        }
        if (e != Win32Error.Success)
        {
            return new(-1, e);
        }
        if (!RegBatchUpdate.TryParse(r.Data.Span, out var parsed, out var malformed))
        {
            return new(malformed, Win32Error.InvalidParameter);
        }
        var commands = parsed.Select(p => new RegistryBatchCommand((RegistryBatchOperation)p.CommandType, p.Name, p.ValueType, p.Data)).ToList();
        // The handler holds the engine lock for the whole call: the check sees the state the command then runs on.
        var (check, failed) = c.Engine.Queries.CheckRegistryBatch(h.Id, commands);
        if (check != Win32Error.Success)
        {
            return new(failed, check);
        }
        return new(-1, c.Engine.Execute(new ExecuteRegistryBatch(h.Id, commands)));
    }

    /// <summary>
    /// ApiSetKeySecurity (opnum 39, MS-CMRP 3.1.4.2.40): every key has one fixed descriptor (KeySecurity), which this
    /// server does not let a client change: after the handle, access and state checks the answer is
    /// ERROR_NOT_SUPPORTED and nothing changes (docs/behaviour.md, "Registry writes").
    /// </summary>
    [ParityNote("Key security descriptors are fixed: ERROR_NOT_SUPPORTED after the handle, access and server-state checks.")]
    public static ResultResponse SetKeySecurity(ClusApiCall c, SetKeySecurityRequest r) =>
        OpenMethods.WriteAction(c, r.Key, Kind, h => c.Engine.Queries.GetRegistryKey(h.Id) is null ? Win32Error.FileNotFound : Win32Error.NotSupported);
    /// <summary>
    /// ApiExecuteReadBatch (opnum 145, MS-CMRP 3.1.4.2.141): CLUSREG_READ_KEY and CLUSREG_READ_VALUE commands answered
    /// in order in a CLUSTER_REG_BATCH_UPDATE: READ_KEY moves the current key (a path relative to the current key, the
    /// command table of 3.1.4.2.141) and is echoed; READ_VALUE answers CLUSREG_READ_VALUE with the value's type and data;
    /// a missing key or value answers CLUSREG_READ_ERROR with ERROR_FILE_NOT_FOUND in ValueType (and a missing key makes
    /// the values read under it READ_ERROR too). Any other command or a malformed batch is ERROR_INVALID_PARAMETER. The
    /// whole batch reads under one hold of the engine lock, so it never sees half of a concurrent write.
    /// </summary>
    [ParityNote("READ_KEY paths are relative to the current key (the command table of 3.1.4.2.141) and are echoed on success.")]
    public static BufferResponse ExecuteReadBatch(ClusApiCall c, ExecuteReadBatchRequest r) => ReadBatch(c, r.Key, r.Data);

    /// <summary>
    /// ApiExecuteReadBatchEx (opnum 157, MS-CMRP 3.1.4.2.145): ApiExecuteReadBatch; CLUSREG_DATABASE_ISOLATE_READ (2) asks
    /// for reads isolated from concurrent writes, which every read batch here is (one hold of the engine lock), so the
    /// flags change nothing.
    /// </summary>
    public static BufferResponse ExecuteReadBatchEx(ClusApiCall c, ExecuteReadBatchExRequest r) => ReadBatch(c, r.Key, r.Data);

    private static BufferResponse ReadBatch(ClusApiCall c, KeyHandle handle, ReadOnlyMemory<byte> data)
    {
        var e = c.Resolve(handle, Kind, out var h);
        if (e == Win32Error.Success)
        {
            e = c.CheckRead();
        }
        if (e == Win32Error.Success && c.Engine.Queries.GetRegistryKey(h.Id) is null)
        {
            e = Win32Error.FileNotFound;
        }
        if (e != Win32Error.Success)
        {
            return new(null, e);
        }
        if (!RegBatchUpdate.TryParse(data.Span, out var commands, out _)
            || commands.Any(x => x.CommandType is not (RegBatchUpdate.ReadKey or RegBatchUpdate.ReadValue)))
        {
            return new(null, Win32Error.InvalidParameter);
        }
        var q = c.Engine.Queries;
        string? current = h.Id;
        var answers = new List<RegBatchCommand>(commands.Count);
        foreach (var command in commands)
        {
            if (command.CommandType == RegBatchUpdate.ReadKey)
            {
                current = current is null ? null : q.FindRegistryKey(current, command.Name);
                answers.Add(current is null
                    ? new RegBatchCommand(RegBatchUpdate.ReadError, (uint)Win32Error.FileNotFound, command.Name, default)
                    : new RegBatchCommand(RegBatchUpdate.ReadKey, 0, command.Name, default));
            }
            else
            {
                var value = current is null ? null : q.GetRegistryValue(current, command.Name);
                answers.Add(value is null
                    ? new RegBatchCommand(RegBatchUpdate.ReadError, (uint)Win32Error.FileNotFound, command.Name, default)
                    : new RegBatchCommand(RegBatchUpdate.ReadValue, (uint)value.Type, command.Name, value.Data.ToArray()));
            }
        }
        return new(RegBatchUpdate.Build(answers), Win32Error.Success);
    }
}
