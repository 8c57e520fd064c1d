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

    /// <summary>Titles and honorifics, dropped from names.</summary>
    public static readonly HashSet<string> Honorifics = new(StringComparer.Ordinal)
    {
        "mr", "mrs", "ms", "miss", "mister", "madam", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "hon", "honorable",
        "sheikh", "shaikh", "sheik", "haji", "hajji", "alhaj", "mullah", "maulvi", "mawlawi", "qari", "imam", "gen", "general",
        "colonel", "col", "lieutenant", "lt", "captain", "capt", "brigadier", "admiral", "sergeant", "sgt", "herr", "frau",
        "monsieur", "mme", "mlle", "senor", "sra", "pan", "pani", "gospodin", "hospodin", "pan", "jr", "sr", "junior", "senior",
    };

    /// <summary>Particles and connecting words: kept, but they weigh little.</summary>
    public static readonly HashSet<string> Particles = new(StringComparer.Ordinal)
    {
        "al", "el", "bin", "ibn", "bint", "ben", "abu", "abd", "ul", "ud", "de", "del", "della", "di", "da", "do", "dos", "das", "du",
        "la", "le", "les", "van", "von", "der", "den", "ter", "of", "the", "and", "for", "y", "e", "et", "und", "i", "a", "an",
    };

    /// <summary>
    /// Given names that are the same name in Ukrainian, Russian, Belarusian and English usage, and their common short forms.
    /// </summary>
    public static readonly string[][] GivenNames =
    [
        ["volodymyr", "vladimir", "wladimir", "wolodymyr", "uladzimir", "vova", "volodia"],
        ["oleksandr", "aleksandr", "alexander", "alexandr", "aleksander", "olexandr", "aliaksandr", "alex", "sasha", "sacha"],
        ["oleksii", "oleksiy", "aleksei", "aleksey", "alexei", "alexey", "olexiy", "aliaksei"],
        ["mykola", "nikolai", "nikolay", "nicholas", "nikolaj", "mikalai", "mikola"],
        ["serhii", "serhiy", "sergei", "sergey", "sergej", "siarhei", "serge"],
        ["andrii", "andriy", "andrei", "andrey", "andrew", "andrej", "andrzej", "andrei"],
        ["yurii", "yuriy", "yuri", "yury", "iurii", "juri", "jurij", "yuras", "george"],
        ["dmytro", "dmitri", "dmitry", "dmitrii", "dmitrij", "dzmitry"],
        ["mykhailo", "mikhail", "michail", "michael", "mychajlo", "mikhailo", "mikhal"],
        ["petro", "pyotr", "petr", "peter", "piotr", "piotra"],
        ["pavlo", "pavel", "paul", "pawel", "pavle"],
        ["hennadii", "hennadiy", "gennadii", "gennady", "gennadiy", "genadi"],
        ["hryhorii", "hryhoriy", "grigorii", "grigory", "grigoriy", "gregory", "ryhor"],
        ["yevhen", "yevgeny", "yevgeniy", "evgeny", "evgenii", "eugene", "jewgeni", "ievgen", "yevgen"],
        ["oleh", "oleg"],
        ["ihor", "igor"],
        ["vasyl", "vasily", "vasiliy", "vasilii", "wassili", "vasil"],
        ["fedir", "fyodor", "fedor", "theodore", "fiodar"],
        ["kostiantyn", "kostyantyn", "konstantin", "constantine", "kanstantsin"],
        ["vitalii", "vitaliy", "vitaly", "vital"],
        ["anatolii", "anatoliy", "anatoly"],
        ["valerii", "valeriy", "valery"],
        ["borys", "boris"],
        ["denys", "denis"],
        ["artem", "artyom", "artiom"],
        ["maksym", "maxim", "maksim", "max"],
        ["yakiv", "yakov", "jacob", "jakub"],
        ["mykyta", "nikita"],
        ["illia", "ilya", "ilia", "illya"],
        ["kyrylo", "kirill", "cyril"],
        ["danylo", "daniil", "daniel"],
        ["heorhii", "heorhiy", "georgy", "georgii", "georgiy", "george"],
        ["matvii", "matvey", "matthew"],
        ["stepan", "stephen", "stefan"],
        ["yosyp", "iosif", "joseph", "osip"],
        ["ivan", "john", "jan", "juan", "johann", "ioann"],
        ["olena", "elena", "yelena", "helen", "alena", "alyona", "helena"],
        ["tetiana", "tatiana", "tatyana", "tatjana"],
        ["nataliia", "natalia", "natalya", "natalie", "natalija"],
        ["iryna", "irina"],
        ["oksana", "ksenia", "kseniya", "xenia"],
        ["kateryna", "yekaterina", "ekaterina", "katerina", "catherine", "katsiaryna"],
        ["mariia", "mariya", "maria", "marie", "mary"],
        ["yuliia", "yuliya", "yulia", "iuliia", "julia", "yuliana"],
        ["hanna", "anna", "ganna", "anne"],
        ["liudmyla", "lyudmila", "ludmila", "liudmila"],
        ["svitlana", "svetlana"],
        ["valentyna", "valentina"],
        ["halyna", "galina"],
        ["larysa", "larisa"],
        ["olha", "olga", "volha"],
        ["nadiia", "nadezhda", "nadia"],
        ["liubov", "lyubov"],
        ["viktoriia", "viktoria", "victoria"],
        ["inna"], ["lesia", "lesya"],
        ["william", "bill", "billy", "will", "wilhelm", "guillaume", "guillermo"],
        ["robert", "bob", "bobby", "rob"],
        ["richard", "dick", "rick"],
        ["edward", "ted", "ed", "eduard"],
        ["theodore", "ted", "teddy"],
        ["benjamin", "ben", "binyamin"],
        ["james", "jim", "jimmy", "jaime", "diego"],
        ["joseph", "joe", "jose", "giuseppe"],
        ["francis", "frank", "francisco", "francois", "franz"],
        ["muhammad", "mohammad", "mohammed", "mohamed", "muhammed", "mohamad", "mehmet"],
        ["usama", "osama"],
        ["yusuf", "youssef", "yousef", "joseph"],
        ["ibrahim", "abraham", "ebrahim"],
        ["suleiman", "sulayman", "solomon", "suleyman"],
    ];
}
