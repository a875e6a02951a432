using System.Buffers;
using System.IO.Pipelines;

namespace Clusterd.Rpc.Pdu;

/// <summary>Outcome of reading one fragment from a stream.</summary>
internal enum FrameStatus
{
    /// <summary>A complete fragment was read.</summary>
    Fragment,
    /// <summary>The peer closed the stream between fragments.</summary>
    EndOfStream,
    /// <summary>The peer closed the stream in the middle of a fragment.</summary>
    Truncated,
    /// <summary>frag_length is below 16 or does not cover auth_length.</summary>
    BadLength,
    /// <summary>frag_length exceeds the limit for the PTYPE.</summary>
    TooLarge,
}

/// <summary>
/// Stream framing on TCP (C706 12.6.3.1, frag_length): read the 16-byte header, take frag_length, wait for the rest.
/// Only one fragment is buffered at a time; the pipe keeps the rest.
/// </summary>
internal static class FragmentReader
{
    /// <summary>Largest fragment any PDU may have (frag_length is a u16).</summary>
    public const int AbsoluteMaxFragment = ushort.MaxValue;

    /// <summary>
    /// Reads one fragment. <paramref name="maxFragment"/> returns the limit for a PTYPE (binds may be larger
    /// than requests, as in Samba dcesrv_core.c). On <see cref="FrameStatus.TooLarge"/> and
    /// <see cref="FrameStatus.BadLength"/>, <c>Header</c> is the offending header.
    /// </summary>
    public static async ValueTask<(FrameStatus Status, RpcHeader Header, byte[]? Fragment)> ReadAsync(
        PipeReader reader, Func<PduType, int> maxFragment, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var status = TryParse(buffer, maxFragment, out var header, out var fragment);
            if (status is not null)
            {
                reader.AdvanceTo(fragment is null ? buffer.Start : buffer.GetPosition(fragment.Length));
                return (status.Value, header, fragment);
            }

            // A cancelled read (PipeReader.CancelPendingRead, used by the server's hang-up watch, see
            // RpcConnection.AwaitWatchingPeerAsync) is not an end of stream: wait for the rest of the fragment.
            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                return (buffer.IsEmpty ? FrameStatus.EndOfStream : FrameStatus.Truncated, header, null);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Returns null when more bytes are needed.</summary>
    private static FrameStatus? TryParse(in ReadOnlySequence<byte> buffer, Func<PduType, int> maxFragment, out RpcHeader header, out byte[]? fragment)
    {
        fragment = null;
        if (!RpcHeader.TryRead(buffer, out header))
        {
            return null;
        }

        if (header.FragLength < RpcHeader.Size || header.AuthLength > header.FragLength - RpcHeader.Size)
        {
            return FrameStatus.BadLength;
        }

        if (header.FragLength > maxFragment(header.Type))
        {
            return FrameStatus.TooLarge;
        }

        if (buffer.Length < header.FragLength)
        {
            return null;
        }

        fragment = buffer.Slice(0, header.FragLength).ToArray();
        return FrameStatus.Fragment;
    }
}
