"""Word lists in English and Spanish that the suggesters read as cues: reporting verbs, titles, months."""
from __future__ import annotations

# Verbs (and phrases) that report or characterise what someone said.
REPORTING = frozenset("""
say says said saying tell tells told telling state states stated stating add adds added adding
ask asks asked asking warn warns warned warning call calls called calling urge urges urged urging
claim claims claimed claiming declare declares declared declaring insist insists insisted insisting
argue argues argued arguing note notes noted noting write writes wrote writing tweet tweets tweeted
tweeting post posts posted posting reply replies replied replying respond responds responded
responding answer answers answered answering announce announces announced announcing explain explains
explained explaining describe describes described describing dismiss dismisses dismissed dismissing
reject rejects rejected rejecting denounce denounces denounced denouncing promise promises promised
promising vow vows vowed vowing label labels labelled labeled labelling labeling brand brands branded
branding term terms termed deny denies denied denying admit admits admitted admitting shout shouted
shouting chant chanted chanting recall recalled recalling stress stressed stressing
dijo dice decía dijeron diciendo afirmó afirma afirmaron afirmando aseguró asegura aseguraron asegurando
declaró declara declararon señaló señala señalaron indicó indica agregó agrega añadió añade advirtió
advierte advirtieron manifestó expresó sostuvo sostiene insistió escribió escribe publicó preguntó
pregunta respondió responde replicó explicó explica denunció denuncia calificó califica tildó pidió
pide exclamó anunció anuncia subrayó recalcó enfatizó comentó apuntó precisó concluyó admitió
reconoció prometió gritó gritaron coreaban coreaba rechazó rechaza rechazando calificando
""".split())
# Words after which a reporting word is a noun ("Trump's claims", "the call"), not a verb.
DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "that",
                         "these", "those", "el", "la", "los", "las", "un", "una", "su", "sus", "este", "esta"})
# Prepositions that introduce a source: the name after them is the speaker.
SOURCE_WORDS = frozenset({"según", "according"})
# Words before a name that make it the addressee or the object, not the speaker.
ADDRESSEE_WORDS = frozenset({"to", "a", "al", "against", "contra", "told", "tells", "tell", "about",
                             "sobre", "de", "del", "of", "for", "para", "at"})
SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "él", "ella", "ellos", "ellas"})

MONTHS = {name: number for number, names in enumerate([
    ("january", "jan", "enero"), ("february", "feb", "febrero"), ("march", "mar", "marzo"),
    ("april", "apr", "abril"), ("may", "mayo"), ("june", "jun", "junio"), ("july", "jul", "julio"),
    ("august", "aug", "agosto"), ("september", "sep", "sept", "septiembre", "setiembre"),
    ("october", "oct", "octubre"), ("november", "nov", "noviembre"), ("december", "dec", "diciembre"),
], start=1) for name in names}
WEEKDAYS = {name: number for number, names in enumerate([
    ("monday", "lunes"), ("tuesday", "martes"), ("wednesday", "miércoles", "miercoles"),
    ("thursday", "jueves"), ("friday", "viernes"), ("saturday", "sábado", "sabado"),
    ("sunday", "domingo"),
]) for name in names}

# Titles and roles written before a name ("Foreign Minister Laura Sarabia"): part of no name.
TITLES = frozenset("""
president presidente presidenta vice vicepresidente vicepresidenta minister ministro ministra
foreign interior defence defense labour labor finance prime secretary secretario secretaria
state estado general gen ambassador embajador embajadora senator senador senadora governor
gobernador gobernadora mayor alcalde alcaldesa judge juez jueza chancellor canciller mr mrs ms
dr sr sra señor señora don doña leader líder chief jefe jefa director directora commander
comandante colonel coronel captain capitán representative rep sen gov congressman congresswoman
spokesman spokeswoman spokesperson portavoz vocero vocera deputy diputado diputada union king
queen rey reina pope papa bishop obispo archbishop arzobispo prince princesa príncipe lord lady
sir saint
""".split())
# Role words across the two languages, to find "el presidente" among registered roles.
ROLE_EQUIVALENTS = [
    {"president", "presidente", "presidenta"}, {"minister", "ministro", "ministra", "canciller"},
    {"governor", "gobernador", "gobernadora"}, {"mayor", "alcalde", "alcaldesa"},
    {"leader", "líder", "dirigente"}, {"ambassador", "embajador", "embajadora"},
    {"secretary", "secretario", "secretaria"}, {"executive", "ejecutivo", "ejecutiva", "ceo"},
    {"spokesman", "spokeswoman", "spokesperson", "portavoz", "vocero", "vocera"},
    {"senator", "senador", "senadora"}, {"judge", "juez", "jueza"}, {"general"},
    {"director", "directora"}, {"chief", "jefe", "jefa"},
]

# Words that make a name an organisation, a place or an event.
ORG_WORDS = frozenset("""
union unión unitaria central party partido ministry ministerio council consejo bank banco company
compañía corp corporation inc ltd association asociación federation federación agency agencia
department departamento committee comité congress congreso senate senado court corte tribunal army
ejército navy armada police policía office oficina university universidad institute instituto
organization organisation organización group grupo front frente movement movimiento coalition
coalición alliance alianza trabajadores workers nations naciones fund fondo foundation fundación
network red news times post press prensa commission comisión assembly asamblea board junta
""".split())
PLACE_WORDS = frozenset("""
plaza street calle avenue avenida city ciudad river río mount monte sierra lake lago port puerto
san santa santo island isla province provincia region región valley valle bay bahía gulf golfo sea
mar ocean océano county state square park parque
""".split())
EVENT_WORDS = frozenset("""
operation operación war guerra summit cumbre conference conferencia festival cup copa olympics
election elections elección elecciones revolution revolución agreement acuerdo accord treaty tratado
""".split())
# Words before a single name that make it a place.
PLACE_PREPOSITIONS = frozenset({"in", "from", "to", "at", "near", "en", "desde", "hacia", "cerca"})
# Lower-case words that may join the capitalised words of one name.
CONNECTORS = frozenset({"de", "del", "la", "las", "los", "y", "of", "the", "da", "do", "dos", "van",
                        "von", "al", "el", "e", "for"})
# Capitalised words that are adjectives of nations rather than names.
DEMONYMS = frozenset("""
american americans british english french spanish german dutch chinese japanese european europeans
latin african africans asian asians arab arabs swiss portuguese irish scottish welsh hispanic
""".split())

# The commonest words of each language: a capitalised one starts a sentence rather than a name,
# and they tell Spanish from English when lingua is not installed.
ES_COMMON = frozenset("""
de la que el en y a los se del las un por con no una su para es al lo como más pero sus le ya o
este sí porque esta entre cuando muy sin sobre también me hasta hay donde quien desde todo nos
durante todos uno les ni contra otros ese eso ante ellos e esto mí antes algunos qué unos yo otro
otras otra él tanto esa estos mucho quienes nada muchos cual poco ella estar estas algunas algo
nosotros mi mis tú te ti tu tus ellas nosotras vosotros os mío mía tuyo suyo nuestro nuestra vamos
es son fue era está están estamos hemos han ha hace hacer puede pueden ser sido tiene tienen va
van aquí ahora hoy mañana nunca siempre bien mal luego después ayer además mientras aunque durante
tras según entonces así sin embargo hace cuando tampoco incluso pronto tarde anoche
""".split())
EN_COMMON = frozenset("""
the of and to in is that it for was on are as with his they at be this have from or one had by
but not what all were we when your can said there an each which she do how their if will up other
about out many then them these so some her would make like him into time has look two more go see
no way could people my than first been who its now find down did get come made may part i you he
me us our too very back never always today well won't don't can't
we'll it's i'm they're isn't aren't just should must would later earlier meanwhile however
yesterday tomorrow also still since while although despite during last next after before soon then
instead moreover yet once here where why
""".split())
