/**
 * Phrases made of real names that name no one: brands, products and holidays named after people,
 * fictional characters, AI models. Written by hand from general knowledge, lower-case, one space
 * between words and no punctuation ("jack daniel" also covers "Jack Daniel's"). Company names
 * whose every word is a company word ("Morgan Stanley") need no entry here: the gazetteer's
 * company tokens catch them.
 */
export const NOT_PEOPLE = [
  // fashion and beauty
  "ralph lauren", "calvin klein", "tommy hilfiger", "hugo boss", "louis vuitton", "christian dior",
  "yves saint laurent", "giorgio armani", "michael kors", "kate spade", "marc jacobs", "tory burch",
  "vera wang", "stella mccartney", "ted baker", "paul smith", "levi strauss", "estee lauder", "estée lauder",
  "jimmy choo", "christian louboutin", "alexander mcqueen", "vivienne westwood", "kenneth cole",
  "steve madden", "ben sherman", "mary kay", "coco chanel", "tom ford", "oscar de la renta", "dr martens",
  // vehicles
  "harley davidson", "aston martin", "rolls royce", "mercedes benz", "alfa romeo", "john deere",
  // food and drink
  "jack daniel", "jim beam", "johnnie walker", "tim hortons", "dr pepper", "ben jerry", "betty crocker",
  "sara lee", "uncle ben", "aunt jemima", "marie callender", "ronald mcdonald",
  // finance, retail, media
  "charles schwab", "morgan stanley", "goldman sachs", "merrill lynch", "wells fargo", "dow jones",
  "marks spencer", "warner bros", "walt disney", "barnes noble",
  "jp morgan", "jpmorgan", "ap moller", "ao smith", "hr block", "jc penney", "jm smucker", "tj maxx",
  // holidays and places named after people
  "martin luther king", "saint patrick", "st patrick", "santa claus", "father christmas",
  "christmas eve", "christmas day", "new years eve", "new years day", "boxing day", "good friday", "easter sunday",
  "easter monday", "valentines day", "mothers day", "fathers day",
  // fictional characters
  "harry potter", "sherlock holmes", "james bond", "mickey mouse", "donald duck", "peter pan",
  "jon snow", "luke skywalker", "bruce wayne", "peter parker", "tony stark", "john doe", "jane doe",
  // AI models and assistants
  "claude opus", "claude sonnet", "claude haiku", "claude instant", "claude code", "claude desktop",
];

/**
 * Single words that name a product, a tool or an assistant far more often than a person in the
 * text agents see ("ask Claude", "the Jenkins job", "Bot: Hi!"): never a name on their own, still
 * one with a surname ("Claude Shannon").
 */
export const NOT_PEOPLE_WORDS = [
  "claude", "gemini", "alexa", "siri", "cortana", "bixby", "copilot", "watson", "jarvis", "grok", "llama", "mistral",
  "gemma", "qwen", "bot", "chatbot", "jenkins", "travis", "hudson", "haskell", "dependabot", "renovate",
];

/**
 * Chinese brands and products that read as a surname plus a given name (李宁 is also a person;
 * as a brand it is a word). Written by hand.
 */
export const NOT_PEOPLE_ZH = [
  "李宁", "戴尔", "罗技", "乔丹", "马应龙", "王老吉", "张小泉", "杨国福", "周大福", "周生生", "谢瑞麟",
  // Dishes and sights that read as a name (宫保鸡丁, 麻婆豆腐, 左宗棠鸡; 周庄, 王府井), by the two or three
  // characters a name would be read out of them. Not 东方明珠: it is also a woman's name.
  "宫保鸡", "麻婆豆", "左宗棠", "东坡肉", "毛血旺", "夫妻肺", "白切鸡", "黄焖鸡", "钟水饺", "赖汤圆", "龙抄手",
  "叶儿粑", "陈麻婆", "宋嫂鱼", "文思豆", "曹操鸡",
  "周庄", "王府井", "司马台", "张家界", "乔家大", "岳阳楼", "黄鹤楼", "滕王阁", "雷峰塔", "洪崖洞",
  "秦皇岛", "石家庄", "白云山", "武当山", "峨眉山", "余姚", "孔林", "关帝庙", "包公祠", "杜甫草", "武侯祠",
];
