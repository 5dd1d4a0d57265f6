using Optimus.Core.Economics;
using Optimus.Core.Vehicles;

namespace Optimus.Simulator.Model;

/// <summary>
/// The serving sample (one vehicle in k): what each can run, what it runs now, and what it has earned and used. The
/// eligible ones with a free slot form <see cref="Pool"/>, the candidate list handed to Core's placement policy.
/// </summary>
internal sealed class ServerState
{
    public ServerState(int count)
    {
        Count = count;
        Vehicle = new int[count];
        Id = new string[count];
        Slots = new int[count];
        StreamTps = new double[count];
        PrefillTps = new double[count];
        Watts = new int[count];
        Active = new int[count];
        Eligible = new bool[count];
        RequestHead = new int[count];
        LastAccrual = new long[count];
        EnergyUj = new long[count];
        EnergyTodayUj = new long[count];
        EnergyDay = new long[count];
        OwnerNano = new long[count];
        ChargesNano = new long[count];
        OutputTokens = new double[count];
        EligibleMicros = new long[count];
        EligibleSince = new long[count];
        PredictedLeave = new long[count];
        Dwell = new DwellPredictor[count];
        Array.Fill(RequestHead, -1);
        Pool = new EligibleServers(this);
    }

    public int Count { get; }

    public int[] Vehicle { get; }

    /// <summary>The vehicle id placement sees (built once per serving vehicle, not per placement).</summary>
    public string[] Id { get; }

    public int[] Slots { get; }

    public double[] StreamTps { get; }

    public double[] PrefillTps { get; }

    public int[] Watts { get; }

    public int[] Active { get; }

    public bool[] Eligible { get; }

    /// <summary>Head of the doubly linked list (through the request table) of requests running on the vehicle.</summary>
    public int[] RequestHead { get; }

    public long[] LastAccrual { get; }

    public long[] EnergyUj { get; }

    public long[] EnergyTodayUj { get; }

    public long[] EnergyDay { get; }

    public long[] OwnerNano { get; }

    public long[] ChargesNano { get; }

    public double[] OutputTokens { get; }

    public long[] EligibleMicros { get; }

    public long[] EligibleSince { get; }

    /// <summary>When Core's <see cref="DwellPredictor"/> expected the vehicle to leave, as of its last becoming eligible.</summary>
    public long[] PredictedLeave { get; }

    /// <summary>Each serving vehicle's departure history (Core's predictor, as the coordinator keeps per vehicle).</summary>
    public DwellPredictor[] Dwell { get; }

    public EligibleServers Pool { get; }

    /// <summary>Slots of eligible vehicles, and how many of them are free: the batch reserve compares the two.</summary>
    public long EligibleSlots { get; set; }

    public long FreeSlots { get; set; }

    public void Configure(int server, int vehicle, ServingCapacity capacity, int watts)
    {
        Vehicle[server] = vehicle;
        Id[server] = "v" + vehicle.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Slots[server] = capacity.Slots;
        StreamTps[server] = capacity.StreamTokensPerSecond;
        PrefillTps[server] = capacity.PrefillTokensPerSecond;
        Watts[server] = watts;
        Dwell[server] = new DwellPredictor();
    }
}
