namespace Clusterd.ClusApi.Service;

/// <summary>
/// A behaviour note for docs/parity.md, kept on the handler it describes: where this server follows a profile,
/// answers differently from Windows, or takes a documented liberty. On an opnum handler (the methods the service's
/// opnum table names) it annotates that opnum; on a control-code handler it names the code it annotates
/// (<see cref="ControlCode"/>). A code whose object byte is 0 is an operation (the low 24 bits) and annotates that
/// operation for every object type.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
internal sealed class ParityNoteAttribute : Attribute
{
    /// <summary>A note on an opnum handler.</summary>
    public ParityNoteAttribute(string note) => Note = note;

    /// <summary>A note on control code (or operation) <paramref name="controlCode"/>.</summary>
    public ParityNoteAttribute(uint controlCode, string note)
    {
        ControlCode = controlCode;
        Note = note;
    }

    /// <summary>The note, one sentence or two, Markdown allowed.</summary>
    public string Note { get; }

    /// <summary>The control code (or, with object byte 0, the operation) the note is about; null on opnum handlers.</summary>
    public uint? ControlCode { get; }
}
