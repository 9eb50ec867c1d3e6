using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MLOps.Cli.Hosting;

/// <summary>Writes results to standard output: JSON with --json, otherwise tables.</summary>
internal sealed class CliOutput
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly TextWriter _out;
    private readonly IAnsiConsole _console;

    public CliOutput(CliEnvironment environment, bool json)
    {
        _out = environment.Out;
        IsJson = json;
        _console = CreateConsole(environment.Out, environment.IsTerminal);
    }

    /// <summary>Whether the user asked for JSON.</summary>
    public bool IsJson { get; }

    /// <summary>A console on the given writer: plain text and wide lines unless it is a terminal.</summary>
    public static IAnsiConsole CreateConsole(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            // Redirected output is read by scripts: never wrap an id.
            console.Profile.Width = 240;
        }

        return console;
    }

    public static string Format(double? value) => value?.ToString("G6", CultureInfo.InvariantCulture) ?? "";

    public static string Format(DateTimeOffset? value) => value?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    public void WriteJson<T>(T value)
    {
        _out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
    }

    /// <summary>JSON text written as it is (already in its wire form).</summary>
    public void WriteRawJson(string json) => _out.WriteLine(json);

    public void WriteLine(string text) => _out.WriteLine(text);

    public void WriteTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows, string? title = null)
    {
        var table = new Table().Border(TableBorder.Rounded);
        if (title is not null)
        {
            table.Title = new TableTitle(Markup.Escape(title));
        }

        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header)));
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (IRenderable)new Text(cell ?? "")));
        }

        _console.Write(table);
    }

    /// <summary>Name and value pairs as a two-column table.</summary>
    public void WriteProperties(IEnumerable<(string Name, string? Value)> properties, string? title = null) =>
        WriteTable(["FIELD", "VALUE"], properties.Select(p => (IReadOnlyList<string?>)[p.Name, p.Value]), title);
}
