namespace Cussp.Agreements;

/// <summary>One of the ten key components of the official CUSSP summary, with the words that point to it.</summary>
/// <param name="Id">Stable slug used by the API and filters.</param>
/// <param name="Number">Position in the official summary, from 1.</param>
/// <param name="Title">The summary's own heading.</param>
/// <param name="Keywords">Lower-case word stems; a provision's text is scored by how many it contains.</param>
public sealed record KeyComponent(string Id, int Number, string Title, IReadOnlyList<string> Keywords);

/// <summary>The ten key components of <c>cussp-key-components.txt</c>, in the summary's order, and the framework group beside them.</summary>
public static class KeyComponents
{
    /// <summary>All ten, in the order of the summary.</summary>
    public static IReadOnlyList<KeyComponent> All { get; } =
    [
        new("sovereignty-democracy", 1, "Support for Ukraine’s Sovereignty and Democracy",
            ["sovereignty", "territorial integrity", "self-defence", "euro-atlantic", "nato", "european union", "membership",
             "integration", "peace formula", "un charter", "foreign policy", "borders", "objectives", "future status"]),
        new("economic-military-assistance", 2, "Economic and Military Assistance",
            ["macroeconomic", "multi-faceted support", "multifaceted", "$", "assistance to ukraine", "financial", "comprehensive assistance",
             "bespoke", "support to ukraine"]),
        new("defence-security", 3, "Defence and Security Cooperation",
            ["defence", "military", "training", "interoperability", "armed forces", "equipment", "capability", "aggression",
             "consult", "industr", "organized crime", "soc ", "police", "border guard", "national guard", "law enforcement", "munitions"]),
        new("intelligence-cyber", 4, "Intelligence and Cybersecurity",
            ["intelligence", "counterintelligence", "cyber", "disinformation", "information integrity", "information security",
             "propaganda", "espionage", "information ecosystem", "gsoia"]),
        new("return-of-children", 5, "International Coalition for the Return of Ukrainian Children",
            ["children", "child", "deport", "displace", "return of ukrainian"]),
        new("humanitarian-demining", 6, "Humanitarian and Demining Support",
            ["demining", "landmine", "mine action", "mined", "unexploded", "explosive remnants", "humanitarian", "civil defence",
             "stabilization", "emergency response"]),
        new("economic-recovery", 7, "Economic Cooperation and Recovery",
            ["economic", "trade", "recovery", "reconstruction", "energy", "critical infrastructure", "private capital", "investment",
             "prosperity", "gender equality", "climate", "development cooperation", "donor coordination"]),
        new("veterans-care", 8, "Cooperation in Veterans of War Care",
            ["veteran", "rehabilitation", "civilian life", "family members"]),
        new("sanctions-compensation", 9, "Sanctions Against Russia and Compensation for Losses and Damages",
            ["sanction", "circumvent", "export control", "compensation", "reparation", "accountab", "war crimes", "impunity",
             "tribunal", "russian assets", "sovereign assets", "register of damage", "losses", "evasion"]),
        new("reforms-governance", 10, "Reforms and Governance",
            ["reform", "rule of law", "anti-corruption", "governance", "democratic", "democracy", "judiciary", "oversight",
             "transparency", "decentralization", "human rights", "public financial management", "martial law"]),
    ];

    /// <summary>
    /// The group of provisions that belong to no key component: coordination with other forums, differences in interpretation,
    /// designated authorities, the final dispositions, and whatever else the summary does not cover. Never counted in a component.
    /// </summary>
    public const string Framework = "framework";

    /// <summary>The framework group's title in the language of the summary.</summary>
    public const string FrameworkTitle = "Framework and final provisions";

    /// <summary>
    /// The ten slugs and <see cref="Framework"/>: every value a provision's component may take, and every area a marking may name
    /// (the governance of the agreement itself, such as an amendment, is the framework group's).
    /// </summary>
    public static IReadOnlyList<string> Ids { get; } = [.. All.Select(c => c.Id), Framework];

    /// <summary>Finds a component by its slug, ignoring case.</summary>
    public static KeyComponent? Find(string? id) =>
        All.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The slug as stored (lower case) when <paramref name="id"/> names a key component or the framework group; otherwise null.</summary>
    public static string? Known(string? id) =>
        Find(id)?.Id ?? (string.Equals(id, Framework, StringComparison.OrdinalIgnoreCase) ? Framework : null);

    /// <summary>The title of a key component or of the framework group, in the language of the summary.</summary>
    public static string TitleOf(string id) => Find(id)?.Title ?? (id == Framework ? FrameworkTitle : id);
}
