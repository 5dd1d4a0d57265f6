namespace Optimus.Inference.Llama;

/// <summary>Log-softmax over raw logits: the model's own log-probabilities at temperature 1, as OpenAI reports them.</summary>
internal static class Logprobs
{
    public static float Of(ReadOnlySpan<float> logits, int token) => (float)(logits[token] - LogSumExp(logits));

    public static (int Token, float Logprob)[] Top(ReadOnlySpan<float> logits, int count)
    {
        var normaliser = LogSumExp(logits);
        var best = new List<(int Token, float Logit)>(count + 1);
        for (var i = 0; i < logits.Length; i++)
        {
            var logit = logits[i];
            if (best.Count < count || logit > best[^1].Logit)
            {
                var at = best.FindIndex(b => logit > b.Logit);
                best.Insert(at < 0 ? best.Count : at, (i, logit));
                if (best.Count > count)
                {
                    best.RemoveAt(best.Count - 1);
                }
            }
        }

        return best.Select(b => (b.Token, (float)(b.Logit - normaliser))).ToArray();
    }

    private static double LogSumExp(ReadOnlySpan<float> logits)
    {
        var max = float.NegativeInfinity;
        foreach (var logit in logits)
        {
            max = Math.Max(max, logit);
        }

        double sum = 0;
        foreach (var logit in logits)
        {
            sum += Math.Exp(logit - max);
        }

        return max + Math.Log(sum);
    }
}
