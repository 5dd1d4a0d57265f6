using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;
using Optimus.Gateway.Devices;

namespace Optimus.FunctionalTests;

/// <summary>
/// The gateway's own counts against real llama.cpp cars: an honest car reports exactly what the gateway counted (with
/// the model's vocabulary loaded on the gateway), so no honest car is ever judged for its counts.
/// </summary>
[Collection(FleetGroup.Name)]
public sealed class HonestCountsTests(FleetFixture fleet)
{
    [Fact]
    public async Task Chat_FromHonestCars_PlainAndStreamed_NoCarIsJudgedForItsCounts()
    {
        var options = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 12 };
        var plain = (await fleet.Chat.CompleteChatAsync([new SystemChatMessage("Be brief."), new UserChatMessage("Tell me about a cat")], options)).Value;
        var streamed = 0;
        await foreach (var update in fleet.Chat.CompleteChatStreamingAsync([new UserChatMessage("Once upon a time")], options))
        {
            streamed += update.ContentUpdate.Count;
        }

        Assert.InRange(plain.Usage.OutputTokenCount, 1, 12);
        Assert.True(streamed > 0);
        Assert.Equal(0, fleet.Up.App.Services.GetRequiredService<InferenceDispatcher>().DishonestAnswers);
    }
}
