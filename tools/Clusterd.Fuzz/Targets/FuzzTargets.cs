namespace Clusterd.Fuzz.Targets;

/// <summary>Every target, in the order the runner runs them.</summary>
internal static class FuzzTargets
{
    public static List<FuzzTarget> All() =>
    [
        new PduTarget(),
        new NdrTarget(),
        new NtlmTarget(),
        new SpnegoTarget(),
        new ClusPropTarget(),
        new SecurityDescriptorTarget(),
        new ClusApiTarget(),
    ];
}
