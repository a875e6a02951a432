using System.CommandLine;
using Clusterd.Client;
using Clusterd.ClusApi;
using Clusterd.CommandLine;

namespace Clusterd.Cli;

// Registry area (issue 11): a resource parameter set through the cluster registry methods.
internal sealed partial class Clusctl
{
    private Command SetClusterParameter(string name)
    {
        var command = NewCommand(name, "Sets a resource's parameter, a private property (Set-ClusterParameter), through the cluster registry "
            + "(ApiCreateKey and ApiSetValue on the resource's Parameters key). -Type: String (default), ExpandString, DWord, QWord "
            + "(decimal or 0x hex), MultiString (comma-separated), Binary (hex). Prints the parameter afterwards (Object, Name, Value, Type).",
            "clusctl Set-ClusterParameter 'Cluster Name' -Name Comment -Value 'backup at 2am'",
            "clusctl Set-ClusterParameter 'Cluster Disk 1' -Name MaxRetries -Value 5 -Type DWord",
            "clusctl resource set-param 'Cluster Name' --name Tags --value a,b --type MultiString --output json");
        // -Name is the parameter's, as in PowerShell (Set-ClusterParameter -InputObject RESOURCE -Name N -Value V): the resource is positional.
        var target = new Argument<string>("RESOURCE") { Description = "The resource.", Arity = ArgumentArity.ExactlyOne };
        command.Arguments.Add(target);
        var parameter = new Option<string?>("--name", "-Name") { Description = "The parameter's name.", HelpName = "NAME", Required = true };
        var value = new Option<string?>("--value", "-Value") { Description = "The parameter's value, as text of its type.", HelpName = "VALUE", Required = true };
        var type = WithAliases(CliOptions.Value<RegistryValueType?>("--type", "TYPE", "String, ExpandString, DWord, QWord, MultiString or Binary. Default: String.",
            v => v.ToUpperInvariant() switch
            {
                "STRING" or "SZ" => RegistryValueType.String,
                "EXPANDSTRING" or "EXPANDSZ" => RegistryValueType.ExpandString,
                "DWORD" or "UINT32" => RegistryValueType.DWord,
                "QWORD" or "UINT64" => RegistryValueType.QWord,
                "MULTISTRING" or "MULTISZ" => RegistryValueType.MultiString,
                "BINARY" or "BYTEARRAY" => RegistryValueType.Binary,
                _ => throw new FormatException($"-Type: '{v}' is not String, ExpandString, DWord, QWord, MultiString or Binary"),
            }), "-Type");
        command.Options.Add(parameter);
        command.Options.Add(value);
        command.Options.Add(type);
        SetClientAction(command, async (parse, client, ct) =>
        {
            var resource = parse.GetValue(target) is { Length: > 0 } r ? r : throw new UsageException("RESOURCE is empty");
            var parameterName = parse.GetValue(parameter)!;
            ClusterRegistryValue typed;
            try
            {
                typed = ClusterRegistryValue.Parse(parse.GetValue(type) ?? RegistryValueType.String, parse.GetValue(value)!);
            }
            catch (FormatException e)
            {
                throw new UsageException("-Value: " + e.Message);
            }
            catch (OverflowException e)
            {
                throw new UsageException("-Value: " + e.Message);
            }
            await client.SetResourceParameterAsync(resource, parameterName, typed, ct).ConfigureAwait(false);
            var all = await client.GetResourceParametersAsync(resource, ct).ConfigureAwait(false);
            Print(parse, [.. all.Where(p => string.Equals(p.Name, parameterName, StringComparison.OrdinalIgnoreCase))], Shapes.Parameter);
        });
        return command;
    }
}
