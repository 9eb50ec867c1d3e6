using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace MLOps.IntegrationTests.Client;

/// <summary>
/// Passes requests to the server, but throws away the server's answer to the first logBatch and answers 503 in its
/// place: the batch was applied, yet the client sees a transient failure and must retry. Records every batch id sent.
/// </summary>
internal sealed class LoseFirstBatchAnswerHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private int _lost;

    public ConcurrentQueue<string> BatchIds { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var isBatch = request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/batch", StringComparison.Ordinal);
        if (isBatch)
        {
            using var body = JsonDocument.Parse(await request.Content!.ReadAsByteArrayAsync(cancellationToken));
            BatchIds.Enqueue(body.RootElement.GetProperty("batch_id").GetString()!);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (isBatch && response.IsSuccessStatusCode && Interlocked.Exchange(ref _lost, 1) == 0)
        {
            response.Dispose();
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request };
        }

        return response;
    }
}
