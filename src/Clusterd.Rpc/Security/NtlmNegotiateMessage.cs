using System.Buffers.Binary;

namespace Clusterd.Rpc.Security;

/// <summary>NEGOTIATE_MESSAGE (MS-NLMP 2.2.1.1).</summary>
internal sealed record NtlmNegotiateMessage(NtlmNegotiateFlags Flags, string DomainName, string Workstation, NtlmVersion? Version)
{
    public const uint MessageType = 1;

    /// <summary>Signature, MessageType and NegotiateFlags: the least a client sends (Samba parses no more).</summary>
    private const int MinimumSize = 16;

    private const int FieldsEnd = 32;

    public static bool TryParse(ReadOnlySpan<byte> message, out NtlmNegotiateMessage? parsed)
    {
        parsed = null;
        if (!NtlmWire.HasHeader(message, MessageType, MinimumSize))
        {
            return false;
        }

        var flags = (NtlmNegotiateFlags)BinaryPrimitives.ReadUInt32LittleEndian(message[12..]);
        string domain = string.Empty, workstation = string.Empty;
        NtlmVersion? version = null;
        if (message.Length >= FieldsEnd)
        {
            // MS-NLMP 2.2.1.1: both names are OEM strings.
            if (!NtlmWire.TryReadField(message, 16, FieldsEnd, out var domainRange)
                || !NtlmWire.TryReadField(message, 24, FieldsEnd, out var workstationRange))
            {
                return false;
            }

            NtlmWire.TryDecodeString(message[domainRange], unicode: false, out domain);
            NtlmWire.TryDecodeString(message[workstationRange], unicode: false, out workstation);
            if ((flags & NtlmNegotiateFlags.Version) != 0 && NtlmWire.TryReadVersion(message[FieldsEnd..], out var v))
            {
                version = v;
            }
        }

        parsed = new NtlmNegotiateMessage(flags, domain, workstation, version);
        return true;
    }

    public byte[] ToBytes()
    {
        int fixedSize = Version is null ? FieldsEnd : FieldsEnd + NtlmWire.VersionSize;
        byte[] domain = NtlmWire.EncodeString(DomainName, unicode: false);
        byte[] workstation = NtlmWire.EncodeString(Workstation, unicode: false);
        var flags = Flags;
        if (domain.Length > 0)
        {
            flags |= NtlmNegotiateFlags.OemDomainSupplied;
        }

        if (workstation.Length > 0)
        {
            flags |= NtlmNegotiateFlags.OemWorkstationSupplied;
        }

        byte[] message = NtlmWire.Assemble(fixedSize, MessageType, [(16, domain), (24, workstation)]);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(12), (uint)flags);
        if (Version is { } version)
        {
            NtlmWire.WriteVersion(message.AsSpan(FieldsEnd), version);
        }

        return message;
    }
}
