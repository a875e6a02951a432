namespace Clusterd.Fuzz;

/// <summary>A length, count or selector field at a known place in an input, which the mutator aims at.</summary>
/// <param name="Offset">Byte offset of the field in the input.</param>
/// <param name="Width">1, 2 or 4 bytes, little-endian.</param>
internal readonly record struct FuzzField(int Offset, int Width);

/// <summary>
/// One parser (or a family of parsers) under test. <see cref="Execute"/> runs an input through it and returns a short
/// outcome label (the rejection name, the result); the runner treats a new label as progress and keeps the input.
/// The contract is stated by <see cref="IsDocumentedRejection"/>: every other exception is a finding.
/// </summary>
internal abstract class FuzzTarget
{
    /// <summary>Bytes every target may allocate for one input regardless of its size (strings, lists, results).</summary>
    protected const long BaseAllocationAllowance = 1L << 20;

    /// <summary>The name used on the command line and as the corpus folder.</summary>
    public abstract string Name { get; }

    /// <summary>What the target runs, for the help text and the docs.</summary>
    public abstract string Description { get; }

    /// <summary>Offset of the NDR stream in an input (4-byte alignment is counted from here).</summary>
    public virtual int AlignmentOrigin => 0;

    /// <summary>Longest input the mutator produces.</summary>
    public virtual int MaxInputLength => 64 * 1024;

    /// <summary>
    /// True when <paramref name="exception"/> is one the parser is documented to throw for malformed input (for
    /// example <c>NdrException</c> from stub decoders). The default contract is "never throws".
    /// </summary>
    public virtual bool IsDocumentedRejection(Exception exception) => false;

    /// <summary>Most bytes one execution may allocate on the calling thread for an input of <paramref name="inputLength"/> bytes.</summary>
    public virtual long AllocationBound(int inputLength) => (64L * inputLength) + BaseAllocationAllowance;

    /// <summary>Runs one input through the parsers; returns an outcome label.</summary>
    public abstract string Execute(byte[] input);

    /// <summary>Valid inputs built with our own encoders (the checked-in corpus is written from these).</summary>
    public abstract IEnumerable<(string Name, byte[] Bytes)> Seeds();

    /// <summary>Adds the length/count fields of <paramref name="input"/> the mutator should aim at.</summary>
    public virtual void LocateFields(ReadOnlySpan<byte> input, List<FuzzField> fields)
    {
    }

    /// <summary>Optionally repairs a mutated input so it passes the outer checks (e.g. frag_length); may return it unchanged.</summary>
    public virtual byte[] Fixup(byte[] input, Random random) => input;
}
