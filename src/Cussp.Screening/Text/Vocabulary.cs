namespace Cussp.Screening;

/// <summary>The word lists normalisation relies on: legal forms, honorifics, particles and given-name equivalents.</summary>
internal static class Vocabulary
{
    /// <summary>Legal forms, folded and split into words, with the family each belongs to (ООО, ТОВ and LLC are one family).</summary>
    public static readonly (string Words, string Family)[] LegalForms =
    [
        ("limited liability company", "llc"), ("limited liability partnership", "llp"), ("llc", "llc"), ("ooo", "llc"), ("tov", "llc"),
        ("obshchestvo s ogranichennoi otvetstvennostiu", "llc"), ("obshchestvo s ogranichennoy otvetstvennostyu", "llc"),
        ("tovarystvo z obmezhenoiu vidpovidalnistiu", "llc"), ("gmbh", "llc"), ("gesellschaft mit beschrankter haftung", "llc"),
        ("sarl", "llc"), ("srl", "llc"), ("societatea cu raspundere limitata", "llc"), ("sp z o o", "llc"), ("spzoo", "llc"),
        ("mchj", "llc"), ("too", "llc"),
        ("open joint stock company", "jsc"), ("closed joint stock company", "jsc"), ("public joint stock company", "jsc"),
        ("private joint stock company", "jsc"), ("joint stock company", "jsc"), ("joint-stock company", "jsc"),
        ("jsc", "jsc"), ("ojsc", "jsc"), ("cjsc", "jsc"), ("pjsc", "jsc"), ("ao", "jsc"), ("oao", "jsc"), ("zao", "jsc"),
        ("pao", "jsc"), ("nao", "jsc"), ("pat", "jsc"), ("prat", "jsc"), ("vat", "jsc"), ("zat", "jsc"), ("at", "jsc"),
        ("aktsionernoe obshchestvo", "jsc"), ("publichnoe aktsionernoe obshchestvo", "jsc"),
        ("otkrytoe aktsionernoe obshchestvo", "jsc"), ("zakrytoe aktsionernoe obshchestvo", "jsc"),
        ("aktsionerne tovarystvo", "jsc"), ("publichne aktsionerne tovarystvo", "jsc"), ("pryvatne aktsionerne tovarystvo", "jsc"),
        ("ag", "jsc"), ("aktiengesellschaft", "jsc"), ("sa", "jsc"), ("societe anonyme", "jsc"), ("sociedad anonima", "jsc"),
        ("spa", "jsc"), ("nv", "jsc"), ("ab", "jsc"), ("asa", "jsc"), ("oyj", "jsc"), ("se", "jsc"), ("kk", "jsc"),
        ("public limited company", "plc"), ("plc", "plc"), ("ltd", "ltd"), ("limited", "ltd"), ("company limited", "ltd"),
        ("co ltd", "ltd"), ("pte ltd", "ltd"), ("pty ltd", "ltd"), ("private limited", "ltd"), ("pvt ltd", "ltd"),
        ("pte", "ltd"), ("pty", "ltd"), ("bhd", "ltd"), ("sdn bhd", "ltd"), ("sa de cv", "jsc"), ("s de rl", "llc"),
        ("inc", "inc"), ("incorporated", "inc"), ("corp", "inc"), ("corporation", "inc"), ("co", "inc"), ("company", "inc"),
        ("limited partnership", "lp"), ("lp", "lp"), ("llp", "llp"), ("kg", "lp"), ("gmbh co kg", "lp"),
        ("federalnoe gosudarstvennoe unitarnoe predpriiatie", "sue"), ("fgup", "sue"), ("gup", "sue"), ("mup", "sue"),
        ("dp", "sue"), ("derzhavne pidpryiemstvo", "sue"), ("state unitary enterprise", "sue"), ("federal state unitary enterprise", "sue"),
        ("ano", "npo"), ("autonomous non profit organization", "npo"), ("avtonomnaia nekommercheskaia organizatsiia", "npo"),
        ("fze", "fz"), ("fzco", "fz"), ("fzc", "fz"), ("fz llc", "fz"), ("dmcc", "fz"),
    ];

    /// <summary>Titles and honorifics, dropped from the start of a person's name.</summary>
    public static readonly HashSet<string> Honorifics = new(StringComparer.Ordinal)
    {
        "mr", "mrs", "ms", "miss", "mister", "madam", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "hon", "honorable",
        "sheikh", "shaikh", "sheik", "shaykh", "haji", "hajji", "alhaj", "mullah", "maulvi", "mawlawi", "qari", "imam", "gen", "general",
        "colonel", "col", "lieutenant", "lt", "captain", "capt", "brigadier", "admiral", "sergeant", "sgt", "herr", "frau",
        "monsieur", "mme", "mlle", "senor", "sra", "pan", "pani", "gospodin", "hospodin",
    };

    /// <summary>Generational suffixes, dropped from the end of a person's name.</summary>
    public static readonly HashSet<string> Suffixes = new(StringComparer.Ordinal) { "jr", "sr", "junior", "senior" };

    /// <summary>Particles and connecting words: kept, but they weigh little.</summary>
    public static readonly HashSet<string> Particles = new(StringComparer.Ordinal)
    {
        "al", "el", "bin", "ibn", "bint", "ben", "abu", "abd", "ul", "ud", "de", "del", "della", "di", "da", "do", "dos", "das", "du",
        "la", "le", "les", "van", "von", "der", "den", "ter", "of", "the", "and", "for", "y", "e", "et", "und", "i", "a", "an",
    };

    /// <summary>
    /// Given names that are one name written in Ukrainian, Russian and Belarusian forms and their usual Latin spellings (including
    /// the German and Polish spellings of the same name, and the English spelling lists use for it: Alexander, Alexey), with the
    /// East Slavic short forms; English short forms of English names; and Arabic names in their common spellings. Names of other
    /// languages that share an origin (Ivan, John, Jan, Juan; James, Diego) are different names on a screening desk, and are
    /// not here.
    /// </summary>
    public static readonly string[][] GivenNames =
    [
        ["volodymyr", "vladimir", "wladimir", "wolodymyr", "uladzimir", "vova", "volodia"],
        ["oleksandr", "aleksandr", "alexander", "alexandr", "aleksander", "olexandr", "aliaksandr", "sasha", "sacha"],
        ["oleksii", "oleksiy", "aleksei", "aleksey", "alexei", "alexey", "olexiy", "aliaksei"],
        ["mykola", "nikolai", "nikolay", "nikolaj", "mikalai", "mikola"],
        ["serhii", "serhiy", "sergei", "sergey", "sergej", "siarhei"],
        ["andrii", "andriy", "andrei", "andrey", "andrej", "andrij"],
        ["yurii", "yuriy", "yuri", "yury", "iurii", "juri", "jurij", "yuras"],
        ["dmytro", "dmitri", "dmitry", "dmitrii", "dmitrij", "dzmitry"],
        ["mykhailo", "mikhail", "michail", "mychajlo", "mikhailo", "mikhal"],
        ["petro", "pyotr", "petr", "piotr", "piotra"],
        ["pavlo", "pavel", "pawel"],
        ["hennadii", "hennadiy", "gennadii", "gennady", "gennadiy", "genadi"],
        ["hryhorii", "hryhoriy", "grigorii", "grigory", "grigoriy", "ryhor"],
        ["yevhen", "yevgeny", "yevgeniy", "evgeny", "evgenii", "jewgeni", "ievgen", "yevgen"],
        ["oleh", "oleg"],
        ["ihor", "igor"],
        ["vasyl", "vasily", "vasiliy", "vasilii", "wassili", "vasil"],
        ["fedir", "fyodor", "fedor", "fiodar"],
        ["kostiantyn", "kostyantyn", "konstantin", "kanstantsin"],
        ["vitalii", "vitaliy", "vitaly"],
        ["anatolii", "anatoliy", "anatoly"],
        ["valerii", "valeriy", "valery"],
        ["borys", "boris"],
        ["denys", "denis"],
        ["artem", "artyom", "artiom"],
        ["maksym", "maxim", "maksim"],
        ["yakiv", "yakov"],
        ["mykyta", "nikita"],
        ["illia", "ilya", "ilia", "illya"],
        ["kyrylo", "kirill"],
        ["danylo", "daniil"],
        ["heorhii", "heorhiy", "georgy", "georgii", "georgiy"],
        ["matvii", "matvey"],
        ["stepan", "stsiapan"],
        ["yosyp", "iosif", "osip"],
        ["ivan", "ioann"],
        ["olena", "elena", "yelena", "alena", "alyona"],
        ["tetiana", "tatiana", "tatyana", "tatjana"],
        ["nataliia", "natalia", "natalya", "natalija"],
        ["iryna", "irina"],
        ["oksana", "ksenia", "kseniya"],
        ["kateryna", "yekaterina", "ekaterina", "katerina", "katsiaryna"],
        ["mariia", "mariya", "maria"],
        ["yuliia", "yuliya", "yulia", "iuliia"],
        ["hanna", "anna", "ganna"],
        ["liudmyla", "lyudmila", "ludmila", "liudmila"],
        ["svitlana", "svetlana"],
        ["valentyna", "valentina"],
        ["halyna", "galina"],
        ["larysa", "larisa"],
        ["olha", "olga", "volha"],
        ["nadiia", "nadezhda"],
        ["liubov", "lyubov"],
        ["viktoriia", "viktoria"],
        ["lesia", "lesya"],
        ["william", "bill", "billy"],
        ["robert", "bob", "bobby"],
        ["richard", "dick"],
        ["edward", "ted"],
        ["theodore", "ted", "teddy"],
        ["benjamin", "ben"],
        ["james", "jim", "jimmy"],
        ["muhammad", "mohammad", "mohammed", "mohamed", "muhammed", "mohamad"],
        ["usama", "osama"],
        ["yusuf", "youssef", "yousef"],
        ["ibrahim", "ebrahim"],
        ["suleiman", "sulayman", "suleyman"],
    ];
}
