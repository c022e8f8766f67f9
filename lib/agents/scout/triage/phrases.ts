// Phrase tables for the reply classes, several languages each. A phrase only matches as whole
// words (Unicode letters, so "é" and "ß" count); Japanese phrases match anywhere, as Japanese
// has no spaces between words.

/** Whole-word alternatives, case-insensitive, Unicode-aware. */
export function phrases(words: readonly string[], cjk: readonly string[] = []): RegExp {
  const bounded = `(?<![\\p{L}\\p{N}])(?:${words.join('|')})(?![\\p{L}\\p{N}])`;
  return new RegExp(cjk.length > 0 ? `${bounded}|${cjk.join('|')}` : bounded, 'iu');
}

const APOS = "['’]";

export const UNSUBSCRIBE = phrases(
  [
    // English
    'unsubscribe(?: me)?',
    'opt(?:ing)?[ -]?out',
    `remove (?:me|my (?:e-?mail|address|name|details|data))(?: from)?`,
    `take me off`,
    `(?:please )?(?:delete|erase) my (?:e-?mail|address|details|data|contact)`,
    `stop (?:e-?mailing|contacting|sending|messaging|spamming|writing to) (?:me|us)`,
    `stop sending (?:me |us )?(?:these|this|e-?mails|messages)`,
    `(?:do not|don${APOS}t|never|please don${APOS}t) (?:e-?mail|contact|message|write to) (?:me|us)(?: again| anymore| any more)?`,
    `no (?:more|further) e-?mails`,
    `(?:i|we) (?:did not|didn${APOS}t|never) (?:sign(?:ed)? up|subscribe|opt(?:ed)? in)`,
    // German
    'abmelden',
    'abbestellen',
    '(?:bitte )?(?:tragen sie|trag) mich (?:bitte )?aus',
    '(?:aus|von) (?:ihrem|ihrer|dem|der|eurem|eurer) (?:verteiler|liste|mailingliste|newsletter|e-?mail-?liste) (?:zu )?(?:entfernen|austragen|streichen|löschen)',
    'keine (?:weiteren )?(?:e-?mails|mails|nachrichten|werbung) mehr',
    '(?:kontaktieren|schreiben) sie mich (?:bitte )?nicht mehr',
    'löschen sie (?:bitte )?meine (?:daten|adresse|e-?mail-?adresse)',
    // French
    'désinscri(?:re|vez|ption|s|vez-moi)',
    'désabonn(?:er|ez|ement)(?:-moi)?',
    '(?:retirez|supprimez|enlevez)-moi',
    'ne (?:me )?(?:contactez|écrivez|envoyez) plus',
    'ne plus me (?:contacter|écrire|solliciter)',
    'plus d[\'’]e-?mails',
    // Spanish
    'darme de baja',
    'dar de baja',
    'baja de (?:la|su|tu|vuestra) lista',
    'no me (?:envíes|envíe|envíen|manden|mandes|contactes|contacten|escribas|escriba|escriban) más',
    '(?:elimín|quít|sác)(?:ame|enme|eme) de',
    'cancelar (?:la |mi )?suscripción',
    'desuscribir(?:me)?',
    // Dutch
    'uitschrijven',
    'afmelden',
    'verwijder (?:mij|me)',
    'haal (?:mij|me) (?:van|uit) (?:de|uw|je|jullie) (?:lijst|mailinglijst)',
    'geen (?:e-?mails|mails|berichten) meer',
    // Italian
    'cancellami',
    'disiscriv(?:ermi|etemi|imi|ere)',
    'rimuov(?:etemi|ermi|imi)',
    'non (?:mi )?(?:scrivete|contattate|inviate|mandate) più',
    // Portuguese
    'descadastr(?:ar|e|em)(?:-me)?',
    'remov(?:a|am)-me',
    'cancelar (?:a |minha )?inscrição',
    'não (?:me )?(?:envie|enviem|contate|contatem|mande|mandem) mais',
  ],
  ['配信(?:を)?停止', '登録解除', '購読(?:を)?解除', '今後(?:の)?(?:ご連絡|連絡|メール)(?:は)?(?:不要|ご遠慮|お断り)', 'メールを送らないで'],
);

/** The writer is not the one to talk to, or has left. */
export const WRONG_PERSON = phrases(
  [
    `(?:i${APOS}m|i am|i${APOS}m probably|i am probably) not the (?:right|correct|best|appropriate|relevant) (?:person|contact|one|person to (?:talk|speak) to)`,
    `(?:wrong|not the right) (?:person|contact)`,
    `(?:i${APOS}m|i am|is|he is|she is|they are) no longer (?:with|at|employed|working|part of)`,
    `(?:i|he|she|they) (?:has|have) (?:left|retired from|moved on from) (?:the company|the firm|the organi[sz]ation|\\p{Lu}[\\p{L}&.-]*)`,
    `(?:i|he|she|they) (?:no longer|don${APOS}t|doesn${APOS}t|do not|does not) work (?:here|there|at|for)(?: any ?more)?`,
    `(?:not|no longer) (?:my|in my) (?:area|department|responsibility|remit|role)`,
    `(?:i${APOS}m|i am) not (?:responsible|in charge) (?:for|of)`,
    `(?:i|we) (?:don${APOS}t|do not) (?:handle|deal with|manage|look after|own) (?:this|that|these|those)`,
    // German
    `nicht (?:der|die) (?:richtige|zuständige|passende) (?:ansprechpartner(?:in)?|person|kontakt)`,
    `nicht (?:mehr )?(?:zuständig|verantwortlich)`,
    `nicht mehr (?:im unternehmen|bei uns|in der firma|für .{1,40} tätig)`,
    `(?:hat|habe) (?:das unternehmen|die firma) verlassen`,
    // French
    `pas (?:la bonne|la personne la plus appropriée|le bon interlocuteur|la personne en charge)`,
    `ne (?:suis|fait|fais) plus partie`,
    `(?:n${APOS}est|ne suis|ne travaille) plus (?:chez|dans|avec|pour)`,
    `a quitté (?:l${APOS}entreprise|la société)`,
    `ne suis pas en charge`,
    // Spanish
    `no soy (?:la persona|el contacto) (?:adecuad[ao]|indicad[ao]|correct[ao])`,
    `ya no (?:trabajo|trabaja|estoy|está) en`,
    `(?:dejó|dejé) la empresa`,
    `no soy (?:el|la) responsable`,
    // Dutch
    `niet de (?:juiste|aangewezen) persoon`,
    `(?:werk|werkt) (?:hier )?niet meer`,
    `niet meer (?:werkzaam|in dienst)`,
    `heeft het bedrijf verlaten`,
    // Italian
    `non sono la persona (?:giusta|adatta|corretta)`,
    `non (?:lavoro|lavora) più`,
    `(?:ha|ho) lasciato (?:l${APOS}azienda|la società)`,
    // Portuguese
    `não sou a pessoa (?:certa|correta|indicada)`,
    `não (?:trabalho|trabalha) mais`,
    `(?:deixou|deixei) a empresa`,
  ],
  ['担当(?:者)?ではありません', '担当(?:者)?ではございません', '退職(?:いたしました|しました|致しました)', '担当(?:が|を)?外れ'],
);

/** The writer points to someone else. */
export const REFERRAL = phrases([
  `(?:please )?(?:contact|reach out to|talk to|speak (?:to|with)|get in touch with|write to|e-?mail|ask|try)(?: my colleague| our| my)?`,
  `(?:is|would be|will be) (?:the|a) (?:right|best|better|correct|relevant) (?:person|contact)`,
  `(?:handles|owns|manages|looks after|is responsible for|is in charge of|takes care of) (?:this|that|these|our|purchasing|procurement|vendor)`,
  `(?:i${APOS}ve|i have|i${APOS}m|i am) (?:cc${APOS}?d|cc${APOS}?ed|copied|copying|looped in|looping in|added|forwarded (?:this|your (?:e-?mail|message|note)) to)`,
  `(?:cc${APOS}?ing|looping in|copying in|adding)`,
  `(?:wenden sie sich|wende dich) (?:bitte )?an`,
  `(?:kontaktieren sie|kontaktiere) (?:bitte )?`,
  `(?:ist|wäre) (?:hier )?(?:der|die) (?:richtige|zuständige) (?:ansprechpartner(?:in)?|person)`,
  `in (?:cc|kopie) (?:gesetzt|genommen)`,
  `(?:contactez|adressez-vous à|écrivez à)`,
  `(?:je mets|j${APOS}ai mis) en copie`,
  `(?:contacta|contacte|ponte en contacto|póngase en contacto) (?:con|a)`,
  `(?:le|te) (?:pongo|he puesto) en copia`,
  `neem (?:contact op met|even contact op met)`,
  `(?:in de cc|in cc) (?:gezet|geplaatst)`,
  `(?:contatta|contattate|rivolgiti a|rivolgersi a)`,
  `(?:metto|ho messo) in copia`,
  `(?:entre em contato com|fale com|procure)`,
  `(?:coloquei|estou colocando) em cópia`,
]);

export const NOT_NOW = phrases(
  [
    `not (?:right )?now`,
    `not at (?:this|the) (?:time|moment|stage|point)`,
    `not (?:a |our )?(?:priority|focus)(?: right now| at the moment| this (?:year|quarter)| for (?:us|now))`,
    `(?:reach|circle|check|come|get|loop) back (?:to (?:me|us) )?(?:in|after|next|later|around|towards|early|end of)`,
    `(?:follow|touch) (?:up|base) (?:again )?(?:in|after|next|later|around|early)`,
    `reach out (?:again )?(?:in|after|next|around|later|early)`,
    `(?:ping|contact|email) (?:me|us) (?:again )?(?:in|after|next|later)`,
    `(?:maybe|perhaps|possibly) (?:in|next|later|after)`,
    `try (?:me |us )?again (?:in|next|later|after)`,
    `revisit (?:this |it )?(?:in|next|later|after)`,
    `timing (?:is|isn${APOS}t|is not) (?:not )?(?:right|great|ideal|good)`,
    `(?:bad|wrong|poor) timing`,
    `not the right time`,
    `too early for us`,
    `(?:no|zero) budget (?:this|until|for now|right now|at the moment)`,
    `budget (?:is )?(?:frozen|freeze)`,
    `later (?:this|in the) year`,
    `after (?:the )?(?:holidays|summer|new year)`,
    `in the new year`,
    // German
    `(?:derzeit|momentan|aktuell|im moment|zurzeit) (?:kein(?:en)? (?:bedarf|interesse)|nicht)`,
    `(?:melden sie sich|kommen sie) (?:gerne )?(?:im|in|nach|nächste|wieder)`,
    `später (?:im jahr|nochmal|noch einmal)`,
    `nächste(?:s|n)? (?:jahr|quartal)`,
    // French
    `pas pour (?:le moment|l${APOS}instant|maintenant)`,
    `(?:recontactez|relancez)-(?:moi|nous)`,
    `revenez vers (?:moi|nous)`,
    `(?:l${APOS}année|le trimestre) prochain`,
    // Spanish
    `(?:ahora|por ahora|en este momento) no`,
    `más adelante`,
    `vuelv(?:e|a) a contactar(?:me|nos)?`,
    `(?:el )?próximo (?:año|trimestre)`,
    // Dutch
    `(?:nu|op dit moment|momenteel) (?:niet|geen)`,
    `volgend (?:jaar|kwartaal)`,
    // Italian
    `non (?:ora|adesso|al momento|in questo momento)`,
    `più avanti`,
    `ricontatta(?:mi|teci|temi)`,
    `(?:il )?prossimo (?:anno|trimestre)`,
    // Portuguese
    `(?:agora|no momento) não`,
    `mais (?:para a )?frente`,
    `(?:o )?próximo (?:ano|trimestre)`,
  ],
  ['今は(?:結構|必要ありません|検討していません)', '来期', '来年(?:度)?(?:に|以降)'],
);

export const MEETING = phrases(
  [
    `(?:let${APOS}s|let us|can we|could we|shall we|happy to|glad to|i${APOS}d like to|i would like to|would love to|we should|want to) (?:set up|schedule|book|arrange|find|hop on|jump on|have|get|organi[sz]e|grab) (?:a |some |an? )?(?:quick |short |brief |\\d{1,2}[- ]?(?:min(?:ute)?s?)? )?(?:call|meeting|chat|time|demo|zoom|teams call|slot|conversation)`,
    `(?:are|would) you (?:be )?(?:free|available) (?:on|for|this|next|tomorrow|at|to (?:talk|chat|meet))`,
    `(?:send|shoot|share) (?:me |us )?(?:over )?(?:a|an|your) (?:calendar )?(?:invite|invitation|booking link|calendar link)`,
    `book (?:a )?(?:time|slot|meeting|call)`,
    `(?:how|what) about (?:mon|tues|wednes|thurs|fri)day`,
    `what (?:time|times|day|days) (?:works|work|suit)`,
    `(?:does|would|could) (?:mon|tues|wednes|thurs|fri)day (?:work|suit)`,
    `(?:let${APOS}s|let us) (?:talk|chat|meet|speak|connect)`,
    `(?:give me|give us) a (?:call|ring)`,
    `calendly\\.com|cal\\.com/|meetings\\.hubspot\\.com|outlook\\.office(?:365)?\\.com/(?:owa/calendar|bookwithme|book)|savvycal\\.com|chilipiper`,
    // German
    `(?:einen )?(?:termin|telefontermin|call|gesprächstermin|austausch) (?:vereinbaren|ausmachen|einplanen|finden|machen)`,
    `lassen sie uns (?:telefonieren|sprechen|treffen)`,
    `wann passt es (?:ihnen|dir)`,
    // French
    `(?:fixer|planifier|organiser|caler|prendre) un (?:rendez-vous|rdv|appel|call|créneau|échange)`,
    `(?:êtes-vous|seriez-vous|es-tu) disponible`,
    // Spanish
    `(?:agendar|programar|concertar|organizar|coordinar) una (?:llamada|reunión|cita|videollamada)`,
    `(?:tienes|tiene) (?:tiempo|disponibilidad|un hueco)`,
    // Dutch
    `(?:een )?(?:afspraak|gesprek|call|belafspraak|meeting) (?:inplannen|maken|plannen)`,
    `(?:ben je|bent u) (?:beschikbaar|vrij)`,
    // Italian
    `(?:fissare|organizzare|programmare|fissiamo|organizziamo) (?:una|un) (?:chiamata|call|riunione|incontro|appuntamento)`,
    `(?:sei|è) disponibile`,
    // Portuguese
    `(?:agendar|marcar) (?:uma )?(?:reunião|chamada|call|conversa)`,
    `(?:está|estaria|estás) disponível`,
  ],
  ['打ち合わせ', 'ミーティング(?:を|の)(?:設定|お願い)', '日程(?:の)?(?:調整|候補)', 'お時間(?:を)?(?:いただけ|頂け)'],
);

export const OBJECTION = phrases(
  [
    `not interested`,
    `no interest`,
    `(?:we${APOS}re|we are|i${APOS}m|i am) (?:happy|satisfied|all set|good) with (?:our|my|the) (?:current|existing|present)`,
    `(?:we|i) already (?:use|have|work with|signed|bought|chose|pay for)`,
    `(?:we${APOS}ve|we have|we${APOS}d|we had) (?:already )?(?:chosen|selected|signed with|gone with|decided on|decided to go with)`,
    `too expensive`,
    `(?:can${APOS}t|cannot|can not) afford`,
    `no budget`,
    `(?:don${APOS}t|do not) (?:need|see (?:the|a) need|have (?:a|the) need)`,
    `no need for`,
    `built (?:it|our own|this|one) in-?house`,
    `not a (?:good )?fit`,
    `(?:doesn${APOS}t|does not|won${APOS}t|will not) (?:fit|work for us)`,
    `not relevant (?:for|to) (?:us|me|our)`,
    `we${APOS}ll pass|we will pass|i${APOS}ll pass`,
    `no,? thanks?|no thank you`,
    // German
    `kein(?:e|en)? interesse`,
    `kein bedarf`,
    `(?:sind|bin) (?:zufrieden|gut versorgt|versorgt) mit`,
    `(?:nutzen|haben|verwenden) bereits`,
    `zu teuer`,
    // French
    `pas intéressée?s?`,
    `aucun intérêt`,
    `(?:nous )?(?:avons|utilisons|travaillons) déjà`,
    `trop cher`,
    `pas (?:de )?besoin`,
    // Spanish
    `no (?:me|nos) interesa`,
    `no (?:estoy|estamos) interesad[oa]s?`,
    `ya (?:tenemos|usamos|trabajamos con|contamos con)`,
    `demasiado caro`,
    `no (?:lo )?necesitamos`,
    // Dutch
    `geen interesse`,
    `niet geïnteresseerd`,
    `(?:we )?(?:gebruiken|hebben) al`,
    `te duur`,
    // Italian
    `non (?:sono|siamo) interessat[oaie]`,
    `non (?:ci|mi) interessa`,
    `(?:usiamo|abbiamo) già`,
    `troppo caro`,
    // Portuguese
    `não (?:tenho|temos) interesse`,
    `não (?:estou|estamos) interessad[oa]s?`,
    `já (?:usamos|temos|trabalhamos com)`,
    `muito caro`,
  ],
  ['興味(?:が|は)?ありません', '必要(?:が|は)?ありません', '間に合って(?:います|おります)', '結構です'],
);

export const INTERESTED = phrases(
  [
    `(?<!not |n${APOS}t |never )(?:i${APOS}m|i am|we${APOS}re|we are|we${APOS}d be|i${APOS}d be) (?:very |really |definitely |quite |potentially )?interested`,
    `(?:sounds|looks|seems) (?:very |really )?(?:interesting|great|good|promising|useful|relevant)`,
    `tell me more`,
    `(?:would|i${APOS}d|we${APOS}d) (?:love|like) to (?:learn|hear|know|see|understand) more`,
    `(?:please )?send (?:me |us )?(?:over )?(?:some |more )?(?:info|information|details|pricing|a proposal|the deck|a quote|a deck)`,
    `keen to (?:learn|hear|see|explore|try|chat|talk)`,
    `let${APOS}s (?:do it|move forward|proceed|go ahead|explore|try it)`,
    `count (?:me|us) in`,
    `(?:happy|glad) to (?:learn|hear) more`,
    `open to (?:learning|hearing|exploring|a conversation|chatting|a call|a demo)`,
    // German
    `(?:bin|sind|wäre|wären) (?:sehr |durchaus )?interessiert`,
    `klingt (?:gut|interessant|spannend)`,
    `(?:schicken|senden) sie (?:mir|uns) (?:gerne )?(?:mehr )?(?:infos|informationen|unterlagen|ein angebot)`,
    `gerne mehr erfahren`,
    // French
    `(?:je suis|nous sommes) intéressée?s?`,
    `(?:ça|cela) (?:m|nous)${APOS}intéresse`,
    `en savoir plus`,
    // Spanish
    `(?:estoy|estamos) interesad[oa]s?`,
    `(?<!no )(?:me|nos) interesa`,
    `suena (?:bien|interesante)`,
    `saber más`,
    // Dutch
    `(?:ben|zijn) (?:zeer )?geïnteresseerd`,
    `klinkt (?:goed|interessant)`,
    // Italian
    `(?<!non )(?:sono|siamo) interessat[oaie]`,
    `(?<!non )(?:mi|ci) interessa`,
    `saperne di più`,
    // Portuguese
    `(?<!não )(?:estou|estamos) interessad[oa]s?`,
    `parece (?:bom|interessante)`,
    `saber mais`,
  ],
  ['興味があります', '詳しく(?:教えて|知りたい|伺いたい)', '資料(?:を)?(?:送って|お送り)'],
);
