using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MLOps.Cli.Hosting;
using MLOps.Client;

namespace MLOps.Cli.Commands;

/// <summary>mlops infer: one Open Inference Protocol (KServe V2) request to a deployment or a model version.</summary>
internal static class InferCommand
{
    private const int ShownValues = 16;

    public static Command Create(CliCommand commands)
    {
        var target = new Argument<string>("deployment") { Description = "The deployment (or, with --version, the registered model) to call." };
        var data = new Option<string?>("--data") { Description = "The inputs as JSON: [{\"name\",\"shape\",\"datatype\",\"data\"}, ...] or a whole V2 request {\"inputs\": [...]}." };
        var file = new Option<string?>("--file") { Description = "A file holding the same JSON as --data." };
        var version = new Option<int?>("--version") { Description = "Call this version of the registered model directly, without a deployment." };
        return commands.Create("infer", "Run an inference (KServe V2) and print the outputs.", async cli =>
        {
            var (json, path) = (cli.Value(data), cli.Value(file));
            if ((json is null) == (path is null))
            {
                throw new CliUsageException("Give the inputs with either --data or --file.");
            }

            json ??= await File.ReadAllTextAsync(CommandHelpers.RequireFile(path!), cli.CancellationToken);
            var (inputs, id) = ParseRequest(json);
            var result = cli.Value(version) is { } number
                ? await cli.Client.InferAsync(cli.Value(target), number, inputs, id, cli.CancellationToken)
                : await cli.Client.InferAsync(cli.Value(target), inputs, id, cli.CancellationToken);
            Print(cli, result);
        }, target, data, file, version);
    }

    private static (IReadOnlyList<InferenceTensor> Inputs, string? Id) ParseRequest(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return root.ValueKind switch
            {
                JsonValueKind.Array => ([.. root.EnumerateArray().Select(InferenceTensor.FromJson)], null),
                JsonValueKind.Object when root.TryGetProperty("inputs", out var inputs) && inputs.ValueKind == JsonValueKind.Array =>
                    ([.. inputs.EnumerateArray().Select(InferenceTensor.FromJson)],
                     root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null),
                JsonValueKind.Object => ([InferenceTensor.FromJson(root)], null),
                _ => throw new CliUsageException("The inputs are neither a JSON array of tensors nor a request object with \"inputs\"."),
            };
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new CliUsageException("The inputs are not valid: " + e.Message);
        }
    }

    private static void Print(CliInvocation cli, InferenceResult result)
    {
        if (cli.Output.IsJson)
        {
            // The protocol's own JSON, so the output can be piped on like any V2 response.
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteString("model_name", result.ModelName);
                writer.WriteString("model_version", result.ModelVersion);
                writer.WriteString("id", result.Id);
                writer.WriteStartArray("outputs");
                foreach (var output in result.Outputs)
                {
                    output.WriteTo(writer);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            cli.Output.WriteRawJson(Encoding.UTF8.GetString(buffer.ToArray()));
            return;
        }

        cli.Output.WriteTable(
            ["OUTPUT", "DATATYPE", "SHAPE", "DATA"],
            result.Outputs.Select(o => (IReadOnlyList<string?>)[o.Name, o.Datatype, "[" + string.Join(", ", o.Shape) + "]", Values(o)]),
            $"{result.ModelName} version {result.ModelVersion}");
    }

    private static string Values(InferenceTensor tensor)
    {
        var shown = tensor.Data.Cast<object>().Take(ShownValues).Select(v => v switch
        {
            float f => f.ToString("G7", CultureInfo.InvariantCulture),
            double d => d.ToString("G10", CultureInfo.InvariantCulture),
            string s => JsonSerializer.Serialize(s),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString(),
        });
        return string.Join(", ", shown) + (tensor.Data.Length > ShownValues ? $", ... ({tensor.Data.Length} values)" : "");
    }
}
