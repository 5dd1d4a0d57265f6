using System.Collections.Concurrent;
using Optimus.Inference;

namespace Optimus.Agent;

/// <summary>
/// One die: its generator and a long-lived thread that runs its jobs one after another. A thread per die rather than
/// per job: starting a thread costs more than a short job, and llama.cpp contexts prefer to stay on one thread.
/// </summary>
internal sealed class DieWorker : IDisposable
{
    private readonly BlockingCollection<Action<ITextGenerator>> _work = new();
    private readonly Thread _thread;

    public DieWorker(ITextGenerator generator, string name)
    {
        _thread = new Thread(() =>
        {
            foreach (var job in _work.GetConsumingEnumerable())
            {
                job(generator);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        _thread.Start();
    }

    public void Post(Action<ITextGenerator> job) => _work.Add(job);

    public void Dispose()
    {
        _work.CompleteAdding();
        _thread.Join();
        _work.Dispose();
    }
}
