using Microsoft.Extensions.DependencyInjection;
using Optimus.Cli.Up;
using Optimus.Gateway.Storage;

namespace Optimus.FunctionalTests;

/// <summary>Reads a coordinator's journal, which is written off the request path.</summary>
internal static class Journal
{
    /// <summary>The journal row of <paramref name="jobId"/>, once the journal's background writer has committed it.</summary>
    public static async Task<(string JobId, string? VehicleId, int PromptTokens, int CompletionTokens, string Status)> WaitForJobAsync(OptimusUp up, string jobId)
    {
        var journal = up.App.Services.GetRequiredService<JobJournal>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var row = journal.ReadJobs().FirstOrDefault(j => j.JobId == jobId);
            if (row.JobId is not null)
            {
                return row;
            }

            // The writer commits in batches as soon as it is woken; there is no signal per row to wait on.
            await Task.Delay(20, timeout.Token);
        }
    }
}
