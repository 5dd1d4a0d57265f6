using Optimus.Core.Inference;
using Optimus.Core.Vehicles;
using Optimus.Inference;
using Optimus.Protocol;
using ProtoHardwareProfile = Optimus.Protocol.HardwareProfile;

namespace Optimus.Agent;

/// <summary>Conversions between the vehicle channel's wire messages and Core/Inference types, on the agent side.</summary>
internal static class ProtocolMapping
{
    public static VehicleState ToWire(VehicleStatus status) => new()
    {
        Activity = (Activity)(int)status.Activity,
        PluggedIn = status.PluggedIn,
        StateOfCharge = status.StateOfCharge,
        ThermalHeadroomC = status.ThermalHeadroomC,
        EnergyUsedTodayWh = status.EnergyUsedTodayWh,
    };

    public static Protocol.OwnerPolicy ToWire(Core.Vehicles.OwnerPolicy policy)
    {
        var wire = new Protocol.OwnerPolicy
        {
            PluggedInOnly = policy.PluggedInOnly,
            ChargeFloor = policy.ChargeFloor,
            Hours = policy.Hours?.ToString() ?? string.Empty,
            TimeZone = policy.TimeZoneId,
            DailyEnergyCapWh = policy.DailyEnergyCapWh,
            OptedOut = policy.OptedOut,
        };
        if (policy.Categories is { } categories)
        {
            wire.Categories.Add(categories);
        }

        return wire;
    }

    public static ProtoHardwareProfile ToWire(Core.Vehicles.HardwareProfile profile) => new()
    {
        Name = profile.Name,
        Dies = profile.Dies,
        MemoryPerDieBytes = profile.MemoryPerDieBytes,
        MemoryBandwidthGbps = profile.MemoryBandwidthGBps,
        PowerWatts = profile.PowerWatts,
    };

    public static ModelInfo ToWire(ModelDescription model) => new()
    {
        Name = model.Name,
        ContextLength = model.ContextLength,
        HasChatTemplate = model.HasChatTemplate,
        Backend = model.Backend,
    };

    public static GenerationInput ToInput(JobAssignment job) => job.IsRawPrompt
        ? new GenerationInput(null, job.Prompt, job.PrefixTokens)
        : new GenerationInput(job.Messages.Select(m => new Core.Inference.ChatMessage(m.Role, m.Content)).ToArray(), null, job.PrefixTokens);

    public static SamplingOptions ToOptions(Sampling sampling) => new(
        sampling.MaxTokens,
        sampling.Temperature,
        sampling.TopP <= 0 ? 1 : sampling.TopP,
        sampling.HasSeed ? sampling.Seed : null,
        sampling.Stop.Count == 0 ? null : sampling.Stop.ToArray(),
        sampling.TopLogprobs);

    public static Token ToWire(GeneratedToken token)
    {
        var wire = new Token { Text = token.Text, Id = token.TokenId, Logprob = token.Logprob };
        if (token.TopLogprobs is { } top)
        {
            foreach (var alternative in top)
            {
                wire.Top.Add(new TopLogprob { Text = alternative.Text, Logprob = alternative.Logprob });
            }
        }

        return wire;
    }

    public static Finish ToWire(FinishReason reason) => reason switch
    {
        FinishReason.Length => Finish.Length,
        FinishReason.Cancelled => Finish.Cancelled,
        _ => Finish.Stop,
    };

}
