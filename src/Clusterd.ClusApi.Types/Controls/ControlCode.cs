namespace Clusterd.ClusApi;

/// <summary>
/// A 32-bit cluster control code (dwControlCode of ApiResourceControl, ApiClusterControl, ...), with the
/// bit-field composition and decoders of clusapi.h (CLCTL_EXTERNAL_CODE, CLUSCTL_*_CODE) and MS-CMRP 3.1.4.2.74.
/// </summary>
/// <param name="Value">The raw dwControlCode.</param>
public readonly record struct ControlCode(uint Value)
{
    /// <summary>CLUSCTL_OBJECT_SHIFT: the object type lives in bits 31-24.</summary>
    public const int ObjectShift = 24;
    /// <summary>CLCTL_GLOBAL_SHIFT: bit 23 (CLUS_GLOBAL).</summary>
    public const int GlobalShift = 23;
    /// <summary>CLCTL_MODIFY_SHIFT: bit 22 (CLUS_MODIFY).</summary>
    public const int ModifyShift = 22;
    /// <summary>CLCTL_USER_SHIFT: bit 21 (CLCTL_USER_BASE).</summary>
    public const int UserShift = 21;
    /// <summary>CLCTL_INTERNAL_SHIFT: bit 20 (internal code).</summary>
    public const int InternalShift = 20;
    /// <summary>CLUSCTL_FUNCTION_SHIFT: the function number lives in bits 19-2.</summary>
    public const int FunctionShift = 2;

    /// <summary>CLUS_GLOBAL bit.</summary>
    public const uint GlobalBit = 1u << GlobalShift;
    /// <summary>CLUS_MODIFY bit: the handle needs "All" access (MS-CMRP 3.1.4.2.74).</summary>
    public const uint ModifyBit = 1u << ModifyShift;
    /// <summary>CLCTL_USER_BASE bit.</summary>
    public const uint UserBit = 1u << UserShift;
    /// <summary>Internal-code bit (only the cluster service may send such a code).</summary>
    public const uint InternalBit = 1u << InternalShift;
    /// <summary>Largest function number that fits bits 19-2.</summary>
    public const uint MaxFunction = (1u << 18) - 1;

    /// <summary>The object type (bits 31-24).</summary>
    public ControlObject ObjectType => (ControlObject)(Value >> ObjectShift);

    /// <summary>The function number (bits 19-2): <c>(code &amp; 0xFFFFF) &gt;&gt; 2</c>.</summary>
    public uint Function => (Value & 0xFFFFF) >> FunctionShift;

    /// <summary>The access code (bits 1-0).</summary>
    public ControlAccess Access => (ControlAccess)(Value & 0x3);

    /// <summary>True when the modify bit (0x00400000) is set.</summary>
    public bool IsModify => (Value & ModifyBit) != 0;

    /// <summary>True when the internal bit (0x00100000) is set.</summary>
    public bool IsInternal => (Value & InternalBit) != 0;

    /// <summary>True when the global bit (0x00800000) is set.</summary>
    public bool IsGlobal => (Value & GlobalBit) != 0;

    /// <summary>True when the user bit (0x00200000) is set.</summary>
    public bool IsUser => (Value & UserBit) != 0;

    /// <summary>The bare CLCTL_* operation code (the low 24 bits).</summary>
    public uint Operation => Value & 0x00FFFFFF;

    /// <summary>The symbolic CLUSCTL_* name when the code is in the <see cref="ControlCodes"/> catalogue, else null.</summary>
    public string? Name => ControlCodes.NameOf(Value);

    /// <summary>CLCTL_EXTERNAL_CODE(fn, access, modify) = (fn &lt;&lt; 2) | access | (modify &lt;&lt; 22).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The function number does not fit 18 bits.</exception>
    public static uint ExternalOperation(uint function, ControlAccess access, bool modify)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(function, MaxFunction);
        return (function << FunctionShift) | (uint)access | (modify ? ModifyBit : 0u);
    }

    /// <summary>CLCTL_INTERNAL_CODE(fn, access, modify) = CLCTL_EXTERNAL_CODE(...) | (1 &lt;&lt; 20).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The function number does not fit 18 bits.</exception>
    public static uint InternalOperation(uint function, ControlAccess access, bool modify) =>
        ExternalOperation(function, access, modify) | InternalBit;

    /// <summary>CLUSCTL_*_CODE(clctl) = (object &lt;&lt; 24) | clctl.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The operation code uses the object byte.</exception>
    public static ControlCode ForObject(ControlObject objectType, uint operation)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(operation, 0x00FFFFFFu);
        return new ControlCode(((uint)objectType << ObjectShift) | operation);
    }

    /// <summary>An external control code for <paramref name="objectType"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The function number does not fit 18 bits.</exception>
    public static ControlCode External(ControlObject objectType, uint function, ControlAccess access, bool modify) =>
        ForObject(objectType, ExternalOperation(function, access, modify));

    /// <summary>An internal control code for <paramref name="objectType"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The function number does not fit 18 bits.</exception>
    public static ControlCode Internal(ControlObject objectType, uint function, ControlAccess access, bool modify) =>
        ForObject(objectType, InternalOperation(function, access, modify));

    /// <summary>Wraps a raw control code.</summary>
    public static implicit operator ControlCode(uint value) => new(value);

    /// <summary>Unwraps to the raw control code.</summary>
    public static implicit operator uint(ControlCode code) => code.Value;

    /// <summary>The symbolic name when known, followed by the hex value.</summary>
    public override string ToString() =>
        Name is { } name ? $"{name} (0x{Value:X8})" : $"0x{Value:X8}";
}
