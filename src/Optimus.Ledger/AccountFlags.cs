using System.Diagnostics.CodeAnalysis;

namespace Optimus.Ledger;

/// <summary>Rules an account imposes on every transfer that touches it. Set at creation; immutable afterwards.</summary>
[Flags]
[SuppressMessage("Naming", "CA1711", Justification = "TigerBeetle's data model names these account flags; the name is the domain's.")]
public enum AccountFlags
{
    /// <summary>No balance limit.</summary>
    None = 0,

    /// <summary>The account's posted debits may never exceed its posted credits (an owner's earnings, a prepaid balance).</summary>
    DebitsMustNotExceedCredits = 1,

    /// <summary>The account's posted credits may never exceed its posted debits.</summary>
    CreditsMustNotExceedDebits = 2,
}
