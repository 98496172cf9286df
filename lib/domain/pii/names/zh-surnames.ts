/**
 * Chinese surnames, written by hand: no npm package with a usable licence exports the full
 * table. Also read by scripts/build-name-data.ts, which derives the given-name statistics and
 * the ordinary words that start with one of these characters.
 */

/** Common single-character surnames, minus characters far more often ordinary words (和, 于, 高). */
export const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤常温康施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂苗谷盛曲翁冉骆蓝游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤穆农司卓古吉缪简项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝封谈匡鞠惠荆冀郁胥储栗燕楚鄢谌奚皮粟冼蔺楼闻厉伊仝郜阚权帅屠朴练廉禹井祖漆巴丰支卿狄计索宣晋洪赖辜丘邸揭竺衣伏植畅糜";

/** Surnames that start so many ordinary words that only a label or a title makes them one ("高先生"). */
export const LABEL_ONLY_SURNAMES = "高于文成安常关向万时明路阳强车全盖木花乐原官银习保位薄来宇都台";

/** Two-character surnames ("百里", "第五" left out: as words they are far commoner). */
export const COMPOUND_SURNAMES = [
  "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "令狐",
  "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "万俟", "澹台", "公冶", "宗政", "濮阳", "淳于", "单于",
  "太叔", "申屠", "钟离", "闾丘", "呼延", "左丘", "赫连", "拓跋", "完颜", "纳兰", "乐正",
];

/**
 * Traditional forms of common surnames whose simplified form differs (陳 for 陈, 張 for 张), as
 * Taiwan and Hong Kong write them. The given-name statistics come from a simplified dictionary, so
 * these count only after a label (聯絡人：陳怡君), like LABEL_ONLY_SURNAMES.
 */
export const TRADITIONAL_SURNAMES = "陳張劉黃楊趙吳孫馬羅鄭謝許韓馮鄧蕭葉蘇呂盧鍾譚陸賈韋鄒閻龍賀顧龔萬錢嚴湯溫蔣鄺";
