using System.Globalization;
using System.Text;

namespace Clusterd.Rpc.Pdu;

/// <summary>Hex dump of fragments for <c>--trace-pdu</c>.</summary>
public static class PduTrace
{
    /// <summary>Formats one fragment: a summary line, then 16 bytes per line with offsets.</summary>
    /// <param name="direction">"&gt;&gt;" for received, "&lt;&lt;" for sent, or any label.</param>
    /// <param name="peer">The remote end point, for the summary line.</param>
    /// <param name="fragment">The whole fragment.</param>
    public static string Format(string direction, string peer, ReadOnlySpan<byte> fragment)
    {
        var sb = new StringBuilder(fragment.Length * 4);
        sb.Append(CultureInfo.InvariantCulture, $"RPC {direction} {peer} ");
        if (RpcHeader.TryRead(fragment, out var h))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{h.Type} flags=0x{(byte)h.Flags:x2} frag_len={h.FragLength} auth_len={h.AuthLength} call_id={h.CallId}");
        }

        for (int off = 0; off < fragment.Length; off += 16)
        {
            sb.Append('\n').Append(off.ToString("x4", CultureInfo.InvariantCulture)).Append(' ');
            var line = fragment.Slice(off, Math.Min(16, fragment.Length - off));
            foreach (byte b in line)
            {
                sb.Append(' ').Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }
}
