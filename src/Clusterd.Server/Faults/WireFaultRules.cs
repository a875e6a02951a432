using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;

namespace Clusterd.Server.Faults;

/// <summary>What a wire fault does to the call it fires on.</summary>
internal enum WireFaultKind
{
    /// <summary>The method answers normally in shape, with a Win32 error as its result (nothing runs).</summary>
    Win32Error,

    /// <summary>A fault PDU with a status instead of a response (MS-RPCE 2.2.2.4; nothing runs).</summary>
    DceFault,

    /// <summary>The call waits, then runs and answers as usual.</summary>
    Delay,

    /// <summary>No answer: the connection is closed (nothing runs).</summary>
    Drop,
}

/// <summary>A validated wire fault rule before it gets an id: which calls it matches, how many, and what it does.</summary>
/// <param name="Opnum">The ClusAPI method (an opnum this server implements).</param>
/// <param name="ControlCode">Only calls with this dwControlCode (control methods only), or null for any call of the method.</param>
/// <param name="Count">How many matching calls it fires on (1 to <see cref="WireFaultRules.MaxCount"/>).</param>
/// <param name="Kind">The action.</param>
/// <param name="Status">The Win32 error (<see cref="WireFaultKind.Win32Error"/>) or fault status (<see cref="WireFaultKind.DceFault"/>); 0 otherwise.</param>
/// <param name="Delay">The wait of a <see cref="WireFaultKind.Delay"/> rule; zero otherwise.</param>
internal sealed record WireFaultSpec(ClusApiOpnum Opnum, uint? ControlCode, int Count, WireFaultKind Kind, uint Status, TimeSpan Delay);

/// <summary>One rule as it stands: its id, its spec, and how many firings it has left.</summary>
/// <param name="Id">The rule id (unique for the life of the server).</param>
/// <param name="Spec">The rule.</param>
/// <param name="Remaining">Matching calls it will still fire on.</param>
internal sealed record WireFaultRule(int Id, WireFaultSpec Spec, int Remaining);

/// <summary>
/// The emulator's wire fault rules (<see cref="WireFaultDispatcher"/> applies them): thread-safe, ordered by id. A call
/// is matched against the rules in the order they were added; the first whose method (and control code, if it names
/// one) matches fires once and counts down, and a rule that has fired <see cref="WireFaultSpec.Count"/> times is
/// removed. Used by the admin API (<c>/admin/faults/wire</c>) and meant for scenario steps.
/// </summary>
internal sealed class WireFaultRules
{
    /// <summary>The most rules at once.</summary>
    public const int MaxRules = 256;

    /// <summary>The largest count of one rule.</summary>
    public const int MaxCount = 1_000_000;

    /// <summary>The longest delay of one call.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(60);

    private readonly Lock _lock = new();
    private readonly List<WireFaultRule> _rules = [];
    private readonly int[] _perOpnum = new int[ClusApiOpnums.LastMethod + 1];
    private int _nextId = 1;

    /// <summary>Adds a rule; null (nothing added) when <see cref="MaxRules"/> are already set.</summary>
    public WireFaultRule? Add(WireFaultSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Count is < 1 or > MaxCount || (ushort)spec.Opnum >= _perOpnum.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), "count or opnum out of range: validate with WireFaultRequest.TryValidate");
        }
        lock (_lock)
        {
            if (_rules.Count >= MaxRules)
            {
                return null;
            }
            var rule = new WireFaultRule(_nextId++, spec, spec.Count);
            _rules.Add(rule);
            Volatile.Write(ref _perOpnum[(ushort)spec.Opnum], _perOpnum[(ushort)spec.Opnum] + 1);
            return rule;
        }
    }

    /// <summary>Removes rule <paramref name="id"/>; false when there is none.</summary>
    public bool Remove(int id)
    {
        lock (_lock)
        {
            var index = _rules.FindIndex(r => r.Id == id);
            if (index < 0)
            {
                return false;
            }
            RemoveAt(index);
            return true;
        }
    }

    /// <summary>Removes every rule and returns how many there were.</summary>
    public int Clear()
    {
        lock (_lock)
        {
            var count = _rules.Count;
            _rules.Clear();
            Array.Clear(_perOpnum);
            return count;
        }
    }

    /// <summary>The rules now, in match order.</summary>
    public IReadOnlyList<WireFaultRule> Snapshot()
    {
        lock (_lock)
        {
            return [.. _rules];
        }
    }

    /// <summary>True when some rule names <paramref name="opnum"/> (no lock: a cheap test on every call).</summary>
    public bool HasRulesFor(ushort opnum) => opnum < _perOpnum.Length && Volatile.Read(ref _perOpnum[opnum]) > 0;

    /// <summary>
    /// Fires the first rule matching a call of <paramref name="opnum"/> with <paramref name="controlCode"/> (null: the
    /// method has none): counts it down, removes it when spent, and returns it as it fired (its Remaining after this
    /// call); null when no rule matches.
    /// </summary>
    public WireFaultRule? TryFire(ushort opnum, uint? controlCode)
    {
        lock (_lock)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var rule = _rules[i];
                if ((ushort)rule.Spec.Opnum != opnum || (rule.Spec.ControlCode is { } code && code != controlCode))
                {
                    continue;
                }
                var fired = rule with { Remaining = rule.Remaining - 1 };
                if (fired.Remaining == 0)
                {
                    RemoveAt(i);
                }
                else
                {
                    _rules[i] = fired;
                }
                return fired;
            }
            return null;
        }
    }

    private void RemoveAt(int index)
    {
        var opnum = (ushort)_rules[index].Spec.Opnum;
        _rules.RemoveAt(index);
        Volatile.Write(ref _perOpnum[opnum], _perOpnum[opnum] - 1);
    }
}
