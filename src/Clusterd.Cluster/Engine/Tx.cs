using Clusterd.Cluster.Database;
using Clusterd.Store;

namespace Clusterd.Cluster.Engine;

/// <summary>
/// One engine command in progress. Every change of state goes through it, so the change is (1) journalled for
/// the store, committed before the command is acknowledged, and (2) undoable if the command fails or the store
/// refuses the batch: a failed command loses nothing and leaves nothing half-done.
/// </summary>
public sealed class Tx
{
    private readonly List<Action> _undo = [];
    private readonly Dictionary<string, StoreWrite> _writes = new(StringComparer.Ordinal);
    private readonly List<ClusterEvent> _events = [];
    private readonly List<Model.Resource> _csvTouched = [];
    private readonly HashSet<Model.Resource> _csvTouchedSet = [];
    private readonly HashSet<string> _nodesTouched = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _resourcesTouched = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _disksTouched = new(StringComparer.OrdinalIgnoreCase);
    private List<CsvTransition>? _csvTransitions;
    private int[]? _timersArmed;
    private List<(DeadlineKind Kind, TimeSpan Lateness)>? _timersFired;

    internal Tx(DateTimeOffset now, Store.StoreFence? fence = null)
    {
        Now = now;
        Fence = fence;
    }

    /// <summary>The leader fence the command commits under (leader duties of a multi-node cluster), or null.</summary>
    internal Store.StoreFence? Fence { get; }

    /// <summary>Nodes whose runtime state (up, joining) the command changed; their records are written at commit.</summary>
    internal IReadOnlyCollection<string> NodesTouched => _nodesTouched;

    /// <summary>Resources whose runtime state (state, pending transition) the command changed.</summary>
    internal IReadOnlyCollection<string> ResourcesTouched => _resourcesTouched;

    /// <summary>Nodes whose disk connectivity the command changed (node-local records).</summary>
    internal IReadOnlyCollection<string> DisksTouched => _disksTouched;

    internal void TouchNode(string id) => _nodesTouched.Add(id);

    internal void TouchResource(string id) => _resourcesTouched.Add(id);

    internal void TouchDisks(string nodeId) => _disksTouched.Add(nodeId);

    /// <summary>The command's time (from the engine's TimeProvider), the same for every change it makes.</summary>
    public DateTimeOffset Now { get; }

    internal IReadOnlyCollection<StoreWrite> Writes => _writes.Values;

    internal IReadOnlyList<ClusterEvent> Events => _events;

    internal IReadOnlyList<Model.Resource> CsvTouched => _csvTouched;

    internal void TouchCsv(Model.Resource r)
    {
        if (_csvTouchedSet.Add(r))
        {
            _csvTouched.Add(r);
        }
    }

    internal bool HasChanges => _undo.Count > 0 || _writes.Count > 0;

    /// <summary>The backup state changes the command made (for <see cref="ClusterMetrics"/>, recorded once committed), or null.</summary>
    internal IReadOnlyList<CsvTransition>? CsvTransitions => _csvTransitions;

    /// <summary>Deadlines the command set, counted by <see cref="DeadlineKind"/>, or null.</summary>
    internal IReadOnlyList<int>? TimersArmed => _timersArmed;

    /// <summary>Deadlines the command applied, with how late, or null.</summary>
    internal IReadOnlyList<(DeadlineKind Kind, TimeSpan Lateness)>? TimersFired => _timersFired;

    internal void NoteCsvTransition(CsvTransition t) => (_csvTransitions ??= []).Add(t);

    internal void NoteTimerArmed(DeadlineKind kind) => (_timersArmed ??= new int[DeadlineKinds])[(int)kind]++;

    private static readonly int DeadlineKinds = Enum.GetValues<DeadlineKind>().Length;

    internal void NoteTimerFired(DeadlineKind kind, TimeSpan lateness) => (_timersFired ??= []).Add((kind, lateness));

    /// <summary>Sets a value (creating or replacing it).</summary>
    public void SetValue(DbKey key, string name, DbValue value)
    {
        name = StoredName(key, name);
        var old = key.Get(name);
        if (old is not null && old.Equals(value))
        {
            return;
        }
        key.PutValue(name, value);
        var oldWrite = key.LastWriteTime;
        key.LastWriteTime = Now;
        _undo.Add(() =>
        {
            if (old is null)
            {
                key.RemoveValue(name);
            }
            else
            {
                key.PutValue(name, old);
            }
            key.LastWriteTime = oldWrite;
        });
        Write(ClusterDatabase.StoreKeyOf(key, name), value.ToStoreBytes(), Durability.Nonvolatile);
        Write(ClusterDatabase.StoreKeyOf(key), ClusterDatabase.KeyRecord(Now), Durability.Nonvolatile);
    }

    /// <summary>Sets a REG_SZ value.</summary>
    public void SetString(DbKey key, string name, string value) => SetValue(key, name, DbValue.String(value));

    /// <summary>Sets a REG_DWORD value.</summary>
    public void SetDWord(DbKey key, string name, uint value) => SetValue(key, name, DbValue.DWord(value));

    /// <summary>Sets a REG_QWORD value.</summary>
    public void SetQWord(DbKey key, string name, ulong value) => SetValue(key, name, DbValue.QWord(value));

    /// <summary>Sets a REG_MULTI_SZ value.</summary>
    public void SetMultiString(DbKey key, string name, IEnumerable<string> value) => SetValue(key, name, DbValue.MultiString(value));

    /// <summary>Deletes a value; false when it did not exist.</summary>
    public bool DeleteValue(DbKey key, string name)
    {
        name = StoredName(key, name);
        var old = key.Get(name);
        if (old is null)
        {
            return false;
        }
        key.RemoveValue(name);
        _undo.Add(() => key.PutValue(name, old));
        Write(ClusterDatabase.StoreKeyOf(key, name), null, Durability.Nonvolatile);
        return true;
    }

    /// <summary>Returns the subkey, creating it when missing.</summary>
    public DbKey EnsureKey(DbKey parent, string name)
    {
        var existing = parent.Subkey(name);
        if (existing is not null)
        {
            return existing;
        }
        var key = new DbKey(parent, name) { LastWriteTime = Now };
        parent.PutSubkey(key);
        _undo.Add(() => parent.RemoveSubkey(name));
        Write(ClusterDatabase.StoreKeyOf(key), ClusterDatabase.KeyRecord(Now), Durability.Nonvolatile);
        return key;
    }

    /// <summary>Deletes a key with all its values and subkeys.</summary>
    public void DeleteKey(DbKey key)
    {
        var parent = key.Parent ?? throw new InvalidOperationException("the root key cannot be deleted");
        foreach (var k in key.DescendantsAndSelf())
        {
            foreach (var name in k.Values.Keys)
            {
                Write(ClusterDatabase.StoreKeyOf(k, name), null, Durability.Nonvolatile);
            }
            Write(ClusterDatabase.StoreKeyOf(k), null, Durability.Nonvolatile);
        }
        parent.RemoveSubkey(key.Name);
        _undo.Add(() => parent.PutSubkey(key));
    }

    // Value names compare case-insensitively (DbKey) but store keys are ordinal: a value is always written and deleted
    // under the spelling it is stored with, or a differently spelt write would leave a second record behind.
    private static string StoredName(DbKey key, string name)
    {
        if (key.Get(name) is null)
        {
            return name;
        }
        foreach (var stored in key.Values.Keys)
        {
            if (string.Equals(stored, name, StringComparison.OrdinalIgnoreCase))
            {
                return stored;
            }
        }
        return name;
    }

    /// <summary>Writes a volatile record (dropped at cluster restart); null deletes it.</summary>
    public void SetVolatile(string storeKey, byte[]? value) => Write(storeKey, value, Durability.Volatile);

    /// <summary>Registers how to undo an in-memory change that is not a database value.</summary>
    public void OnUndo(Action undo) => _undo.Add(undo);

    /// <summary>Queues an event, published only if the command commits.</summary>
    public void Raise(ClusterEvent e) => _events.Add(e);

    private void Write(string key, byte[]? value, Durability durability)
    {
        // Careful: "value is null ? null : value" would convert null through byte[] into an empty memory, a write
        // of zero bytes instead of a delete.
        ReadOnlyMemory<byte>? bytes = value is null ? default(ReadOnlyMemory<byte>?) : new ReadOnlyMemory<byte>(value);
        _writes[key] = new StoreWrite(key, bytes, durability);
    }

    internal void Rollback()
    {
        for (var i = _undo.Count - 1; i >= 0; i--)
        {
            _undo[i]();
        }
        _undo.Clear();
        _writes.Clear();
        _events.Clear();
        _csvTouched.Clear();
        _csvTouchedSet.Clear();
        _nodesTouched.Clear();
        _resourcesTouched.Clear();
        _disksTouched.Clear();
        _csvTransitions = null;
        _timersArmed = null;
        _timersFired = null;
    }
}
