using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MLOps.Contracts.Monitoring;
using MLOps.IntegrationTests.Fixtures;

namespace MLOps.IntegrationTests.Monitoring;

/// <summary>Traffic and data for monitoring tests: seeded normal rows, windows filled from their start, labels.</summary>
public static class MonitoringTraffic
{
    /// <summary>n rows of <paramref name="columns"/> standard normal values from a seeded generator.</summary>
    public static float[][] NormalRows(int n, int columns, int seed)
    {
        var random = new Random(seed);
        var rows = new float[n][];
        for (var i = 0; i < n; i++)
        {
            rows[i] = new float[columns];
            for (var c = 0; c < columns; c++)
            {
                // Box-Muller: two uniforms give one standard normal.
                var u1 = 1.0 - random.NextDouble();
                var u2 = random.NextDouble();
                rows[i][c] = (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }
        }

        return rows;
    }

    public static string ToCsv(IReadOnlyList<string> header, IEnumerable<float[]> rows)
    {
        var csv = new StringBuilder(string.Join(',', header)).Append('\n');
        foreach (var row in rows)
        {
            csv.Append(string.Join(',', row.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))).Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>
    /// Waits for the next window to start, then sends the rows in requests of <paramref name="rowsPerRequest"/>
    /// rows, all within the window's first half (so every row lands in that window); returns the window's start
    /// and each row's answer.
    /// </summary>
    public static async Task<(DateTimeOffset Start, List<Answer> Answers)> SendInOneWindowAsync(
        HttpClient client, string deployment, int windowSeconds, IReadOnlyList<float[]> rows, int rowsPerRequest = 10)
    {
        var now = DateTimeOffset.UtcNow;
        var start = DriftWindowKey.StartOf(now, windowSeconds).AddSeconds(windowSeconds);
        await Task.Delay(start - now + TimeSpan.FromMilliseconds(50));
        var answers = new List<Answer>();
        for (var first = 0; first < rows.Count; first += rowsPerRequest)
        {
            var batch = rows.Skip(first).Take(rowsPerRequest).ToList();
            var columns = batch[0].Length;
            using var response = await client.PostAsJsonAsync($"/v2/models/{deployment}/infer",
                new { inputs = new[] { new { name = "input", shape = new[] { batch.Count, columns }, datatype = "FP32", data = batch.SelectMany(r => r).ToArray() } } });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var id = body.RootElement.GetProperty("id").GetString()!;
            var output = body.RootElement.GetProperty("outputs").EnumerateArray().First(o => o.GetProperty("name").GetString() == "probabilities");
            var classes = output.GetProperty("shape")[1].GetInt32();
            var probabilities = output.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            for (var r = 0; r < batch.Count; r++)
            {
                answers.Add(new Answer(id, r, batch[r], probabilities[(r * classes)..((r + 1) * classes)]));
            }
        }

        Assert.True(DateTimeOffset.UtcNow < start.AddSeconds(windowSeconds), "The traffic took longer than one window; the test machine is too slow for this window length.");
        return (start, answers);
    }

    /// <summary>Creates a model named <paramref name="name"/> and registers <paramref name="model"/> as its version 1.</summary>
    public static async Task RegisterAsync(HttpClient client, string name, byte[] model)
    {
        await client.DataAsync("mutation($n: String!) { createModel(name: $n) { name } }", new { n = name });
        var sha = await client.UploadAsync(model);
        await client.DataAsync("mutation($n: String!, $s: String!) { registerModelVersion(modelName: $n, input: { artifactSha256: $s }) { version } }", new { n = name, s = sha });
    }

    /// <summary>Polls <paramref name="condition"/> for up to 30 seconds, failing with <paramref name="failure"/>.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail(failure);
    }

    /// <summary>One answered row: its request's id, its index in the request, the row sent and its class probabilities.</summary>
    public sealed record Answer(string Id, int RowIndex, float[] Row, float[] Probabilities)
    {
        public int PredictedClass => Array.IndexOf(Probabilities, Probabilities.Max());
    }
}
