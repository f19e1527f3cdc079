"""The bilingual glossary's table: Chinese ↔ English equivalents, general and not tailored to particular questions.

Format, parsed by `rag.glossary`: entries separated by " | " or new lines; an entry is "中文/变体 = English/variant".
Chinese names are the UN's own; traditional-script variants are given where the 1946–48 resolutions use them
(安全理事會, 聯合國, 希臘), and older UN renderings where those texts have them (科府海峡, 苏维埃社会主义共和国联邦).
English variants cover spellings and adjectives the stemmer does not join (Israel/Israeli, peace-keeping/peacekeeping).
An entry with nothing after "=" (in BLOCKERS) matches, longest first, and expands to nothing: 请问 is not 请 (requests).
A line starting with "#" is a comment.
"""

PLACES = """
# Member States, under the UN's Chinese short and formal names, with earlier names of the same State
阿富汗 = Afghanistan/Afghan | 阿尔巴尼亚/阿爾巴尼亞 = Albania/Albanian | 阿尔及利亚 = Algeria/Algerian
安道尔 = Andorra
安哥拉 = Angola/Angolan | 安提瓜和巴布达 = Antigua and Barbuda | 阿根廷 = Argentina/Argentine/Argentinian
亚美尼亚 = Armenia/Armenian | 澳大利亚/澳大利亞 = Australia/Australian | 奥地利/奧地利 = Austria/Austrian
阿塞拜疆 = Azerbaijan | 巴哈马 = Bahamas | 巴林 = Bahrain | 孟加拉国 = Bangladesh | 巴巴多斯 = Barbados
白俄罗斯/白俄罗斯苏维埃社会主义共和国 = Belarus/Byelorussian Soviet Socialist Republic/Byelorussian SSR
比利时/比利時 = Belgium/Belgian | 伯利兹 = Belize | 贝宁/达荷美 = Benin/Dahomey | 不丹 = Bhutan
多民族玻利维亚国/玻利维亚 = Bolivia/Plurinational State of Bolivia | 波斯尼亚和黑塞哥维那/波黑 = Bosnia and Herzegovina
博茨瓦纳/贝专纳 = Botswana/Bechuanaland | 巴西 = Brazil/Brazilian | 文莱达鲁萨兰国/文莱 = Brunei Darussalam/Brunei
保加利亚/保加利亞 = Bulgaria/Bulgarian | 布基纳法索/上沃尔特 = Burkina Faso/Upper Volta | 布隆迪 = Burundi
佛得角 = Cabo Verde/Cape Verde | 柬埔寨/民主柬埔寨 = Cambodia/Cambodian/Kampuchea/Democratic Kampuchea/Kampuchean
喀麦隆 = Cameroon | 加拿大 = Canada/Canadian | 中非共和国/中非 = Central African Republic | 乍得 = Chad/Chadian
智利 = Chile/Chilean | 中国/中國/中华人民共和国/中华民国 = China/Chinese
哥伦比亚/哥倫比亞 = Colombia | 科摩罗 = Comoros/Comorian | 刚果/刚果共和国/刚果(布) = Congo/Republic of the Congo
哥斯达黎加 = Costa Rica | 科特迪瓦/象牙海岸 = Côte d'Ivoire/Cote d'Ivoire/Ivory Coast | 克罗地亚 = Croatia/Croatian
古巴 = Cuba/Cuban | 塞浦路斯 = Cyprus/Cypriot | 捷克 = Czechia/Czech Republic | 捷克斯洛伐克 = Czechoslovakia
朝鲜民主主义人民共和国 = Democratic People's Republic of Korea/DPRK/North Korea
刚果民主共和国/扎伊尔/刚果(金) = Democratic Republic of the Congo/Zaire/Congo (Leopoldville)/Congo (Kinshasa)
丹麦 = Denmark/Danish | 吉布提 = Djibouti | 多米尼克 = Dominica | 多米尼加共和国 = Dominican Republic
厄瓜多尔 = Ecuador | 埃及 = Egypt/Egyptian | 萨尔瓦多 = El Salvador | 赤道几内亚 = Equatorial Guinea
厄立特里亚 = Eritrea
爱沙尼亚 = Estonia | 埃斯瓦蒂尼/斯威士兰 = Eswatini/Swaziland | 埃塞俄比亚 = Ethiopia/Ethiopian | 斐济 = Fiji
芬兰/芬蘭 = Finland | 法国/法國/法兰西 = France/French | 加蓬 = Gabon | 冈比亚 = Gambia | 格鲁吉亚 = Georgia/Georgian
德国/德國 = Germany/German | 德意志联邦共和国 = Federal Republic of Germany
德意志民主共和国 = German Democratic Republic
加纳/黄金海岸 = Ghana/Gold Coast | 希腊/希臘 = Greece/Greek | 格林纳达 = Grenada | 危地马拉 = Guatemala
几内亚 = Guinea
几内亚比绍/葡属几内亚 = Guinea-Bissau/Portuguese Guinea | 圭亚那/英属圭亚那 = Guyana/British Guiana
海地 = Haiti/Haitian
洪都拉斯 = Honduras | 匈牙利 = Hungary/Hungarian | 冰岛/冰島 = Iceland | 印度 = India/Indian
印度尼西亚/印度尼西亞/印尼 = Indonesia/Indonesian
伊朗伊斯兰共和国/伊朗 = Iran/Iranian/Islamic Republic of Iran
伊拉克 = Iraq/Iraqi | 爱尔兰/愛爾蘭 = Ireland/Irish | 以色列 = Israel/Israeli | 意大利/義大利 = Italy/Italian
牙买加 = Jamaica | 日本 = Japan/Japanese | 约旦/約旦/外约旦/外約旦 = Jordan/Jordanian/Transjordan
哈萨克斯坦 = Kazakhstan
肯尼亚 = Kenya | 基里巴斯 = Kiribati | 科威特 = Kuwait/Kuwaiti | 吉尔吉斯斯坦 = Kyrgyzstan
老挝人民民主共和国/老挝 = Lao People's Democratic Republic/Laos | 拉脱维亚 = Latvia | 黎巴嫩 = Lebanon/Lebanese
莱索托/巴苏陀兰 = Lesotho/Basutoland | 利比里亚 = Liberia/Liberian | 列支敦士登 = Liechtenstein | 立陶宛 = Lithuania
利比亚/阿拉伯利比亚共和国/阿拉伯利比亚民众国 = Libya/Libyan/Libyan Arab Republic/Libyan Arab Jamahiriya
卢森堡 = Luxembourg | 马达加斯加 = Madagascar/Malagasy | 马拉维/尼亚萨兰 = Malawi/Nyasaland | 马来西亚 = Malaysia
马尔代夫 = Maldives | 马里 = Mali/Malian | 马耳他 = Malta | 马绍尔群岛 = Marshall Islands | 毛里塔尼亚 = Mauritania
毛里求斯 = Mauritius | 墨西哥 = Mexico/Mexican | 密克罗尼西亚联邦/密克罗尼西亚 = Micronesia | 摩纳哥 = Monaco
蒙古 = Mongolia/Mongolian | 黑山 = Montenegro | 摩洛哥 = Morocco/Moroccan | 莫桑比克 = Mozambique
缅甸/緬甸 = Myanmar/Burma | 纳米比亚 = Namibia/Namibian | 瑙鲁 = Nauru | 尼泊尔/尼泊爾 = Nepal
荷兰/荷蘭 = Netherlands/Dutch
新西兰 = New Zealand | 尼加拉瓜 = Nicaragua/Nicaraguan | 尼日尔 = Niger | 尼日利亚 = Nigeria/Nigerian
北马其顿/马其顿 = North Macedonia/Macedonia | 挪威 = Norway | 阿曼 = Oman | 巴基斯坦 = Pakistan/Pakistani
帕劳 = Palau | 巴拿马 = Panama/Panamanian | 巴布亚新几内亚 = Papua New Guinea | 巴拉圭 = Paraguay | 秘鲁 = Peru
菲律宾/菲律賓 = Philippines | 波兰/波蘭 = Poland/Polish | 葡萄牙 = Portugal/Portuguese | 卡塔尔 = Qatar
大韩民国/韩国 = Republic of Korea/South Korea | 摩尔多瓦共和国/摩尔多瓦 = Republic of Moldova/Moldova
罗马尼亚/羅馬尼亞 = Romania | 俄罗斯联邦/俄罗斯 = Russian Federation/Russia | 卢旺达 = Rwanda/Rwandan
圣基茨和尼维斯 = Saint Kitts and Nevis | 圣卢西亚 = Saint Lucia
圣文森特和格林纳丁斯 = Saint Vincent and the Grenadines
萨摩亚 = Samoa | 圣马力诺 = San Marino | 圣多美和普林西比 = Sao Tome and Principe | 沙特阿拉伯 = Saudi Arabia
塞内加尔 = Senegal | 塞尔维亚 = Serbia | 塞舌尔 = Seychelles | 塞拉利昂 = Sierra Leone | 新加坡 = Singapore
斯洛伐克 = Slovakia | 斯洛文尼亚 = Slovenia | 所罗门群岛 = Solomon Islands | 索马里 = Somalia/Somali
南非 = South Africa/South African | 南苏丹 = South Sudan | 西班牙 = Spain/Spanish
斯里兰卡/锡兰/錫蘭 = Sri Lanka/Ceylon | 苏丹 = Sudan/Sudanese | 苏里南 = Suriname | 瑞典 = Sweden/Swedish
瑞士 = Switzerland/Swiss | 阿拉伯叙利亚共和国/叙利亚/敘利亞 = Syrian Arab Republic/Syria/Syrian
塔吉克斯坦 = Tajikistan
泰国/暹罗/暹羅 = Thailand/Thai/Siam | 东帝汶 = Timor-Leste/East Timor | 多哥 = Togo | 汤加 = Tonga
特立尼达和多巴哥 = Trinidad and Tobago | 突尼斯 = Tunisia/Tunisian | 土耳其 = Türkiye/Turkey/Turkish
土库曼斯坦 = Turkmenistan | 图瓦卢 = Tuvalu | 乌干达 = Uganda/Ugandan
乌克兰/烏克蘭/乌克兰苏维埃社会主义共和国/烏克蘭蘇維埃社會主義共和國 = Ukraine/Ukrainian
阿拉伯联合酋长国/阿联酋 = United Arab Emirates
大不列颠及北爱尔兰联合王国/联合王国/聯合王國/英国/英國 = United Kingdom/Great Britain/Britain/British
坦桑尼亚联合共和国/坦桑尼亚 = United Republic of Tanzania/Tanzania
美利坚合众国/美国/美國 = United States/United States of America/American | 乌拉圭 = Uruguay | 乌兹别克斯坦 = Uzbekistan
瓦努阿图 = Vanuatu | 委内瑞拉玻利瓦尔共和国/委内瑞拉 = Venezuela | 越南 = Viet Nam/Vietnam/Vietnamese
也门 = Yemen/Yemeni | 赞比亚/北罗得西亚 = Zambia/Northern Rhodesia | 津巴布韦 = Zimbabwe

# Observer and former States, territories of the period, disputed areas
巴勒斯坦/巴勒斯坦国 = Palestine/Palestinian/State of Palestine | 教廷 = Holy See
苏联/蘇聯/苏维埃社会主义共和国联盟 = Soviet Union/Soviet/USSR/Union of Soviet Socialist Republics
苏维埃社会主义共和国联邦/蘇維埃社會主義共和國聯邦 = Soviet Union/Soviet/USSR/Union of Soviet Socialist Republics
南斯拉夫 = Yugoslavia/Yugoslav | 阿拉伯联合共和国 = United Arab Republic | 朝鲜/朝鮮 = Korea/Korean
南罗得西亚 = Southern Rhodesia | 罗得西亚 = Rhodesia/Rhodesian | 西南非洲 = South West Africa
也门阿拉伯共和国 = Yemen Arab Republic
民主也门/也门民主人民共和国 = Democratic Yemen/People's Democratic Republic of Yemen
坦噶尼喀 = Tanganyika | 桑给巴尔 = Zanzibar | 比属刚果 = Belgian Congo
西伊里安/西新几内亚 = West Irian/West New Guinea
特兰斯凯 = Transkei | 博普塔茨瓦纳 = Bophuthatswana | 西斯凯 = Ciskei | 马约特 = Mayotte
福克兰群岛/马尔维纳斯群岛 = Falkland Islands/Malvinas | 台湾/台灣 = Taiwan/Formosa | 海德拉巴 = Hyderabad
克什米尔/克什米爾/查谟和克什米尔 = Kashmir/Jammu and Kashmir
的里雅斯特/的里雅斯特自由区 = Trieste/Free Territory of Trieste
西撒哈拉 = Western Sahara | 西属撒哈拉 = Spanish Sahara | 科索沃 = Kosovo | 阿布哈兹 = Abkhazia
南奥塞梯 = South Ossetia
纳戈尔诺-卡拉巴赫 = Nagorno-Karabakh | 克里米亚 = Crimea | 达尔富尔 = Darfur | 阿卜耶伊 = Abyei
太平洋岛屿托管领土 = Trust Territory of the Pacific Islands | 加丹加 = Katanga

# Peoples, regions, seas and waterways
阿拉伯/阿拉伯人 = Arab/Arabs | 阿拉伯国家 = Arab States/Arab countries | 犹太/犹太人/猶太 = Jewish/Jews
中东/中東/近东 = Middle East/Near East | 非洲 = Africa/African | 亚洲 = Asia/Asian | 欧洲 = Europe/European
美洲 = America/Americas | 拉丁美洲/拉美 = Latin America/Latin American | 中美洲 = Central America | 加勒比 = Caribbean
大洋洲 = Oceania | 南部非洲 = southern Africa | 西非 = West Africa | 东非 = East Africa | 北非 = North Africa
中部非洲 = Central Africa | 大湖区 = Great Lakes region | 非洲之角 = Horn of Africa | 萨赫勒 = Sahel | 撒哈拉 = Sahara
中亚 = Central Asia | 南亚 = South Asia | 东南亚 = South-East Asia/Southeast Asia | 印度支那 = Indo-China/Indochina
巴尔干 = Balkans/Balkan | 朝鲜半岛 = Korean Peninsula | 前线国家 = front-line States/frontline States
地中海 = Mediterranean | 红海 = Red Sea | 印度洋 = Indian Ocean | 大西洋 = Atlantic | 太平洋 = Pacific
几内亚湾 = Gulf of Guinea | 波斯湾/海湾 = Persian Gulf/Gulf | 阿拉伯河 = Shatt al-Arab | 霍尔木兹海峡 = Strait of Hormuz
亚丁湾 = Gulf of Aden | 亚喀巴湾 = Gulf of Aqaba | 蒂朗海峡 = Straits of Tiran | 苏伊士运河/苏伊士 = Suez Canal/Suez
巴拿马运河 = Panama Canal | 科孚海峡/科府海峡/科孚海峽 = Corfu Channel

# Areas, cities and towns named in resolutions then and in today's Council work
加沙地带/加沙 = Gaza Strip/Gaza | 约旦河西岸/西岸 = West Bank | 东耶路撒冷 = East Jerusalem | 耶路撒冷 = Jerusalem
戈兰高地/戈兰/叙利亚戈兰 = Golan Heights/Golan/Syrian Golan | 西奈/西奈半岛 = Sinai
黎巴嫩南部/南黎巴嫩 = southern Lebanon
沃尔维斯湾 = Walvis Bay | 被占领阿拉伯领土 = occupied Arab territories
巴勒斯坦被占领土 = Occupied Palestinian Territory
贝鲁特 = Beirut | 大马士革 = Damascus | 开罗 = Cairo | 安曼 = Amman | 巴格达 = Baghdad | 德黑兰 = Tehran
希伯伦/哈利勒 = Hebron/Al Khalil | 纳布卢斯 = Nablus | 伯利恒 = Bethlehem | 拉姆安拉 = Ramallah | 哈勒胡勒 = Halhoul
库奈特拉 = Quneitra | 提尔 = Tyre | 西顿/赛达 = Sidon/Saida | 萨布拉 = Sabra | 夏蒂拉 = Shatila | 海法 = Haifa
特拉维夫 = Tel Aviv | 塞得港 = Port Said | 伊斯梅利亚 = Ismailia | 的黎波里 = Tripoli | 班加西 = Benghazi
阿尔及尔 = Algiers | 拉巴特 = Rabat | 努瓦克肖特 = Nouakchott | 巴马科 = Bamako | 廷巴克图 = Timbuktu | 基达尔 = Kidal
加奥 = Gao | 恩贾梅纳 = N'Djamena | 喀土穆 = Khartoum | 摩加迪沙 = Mogadishu | 亚的斯亚贝巴 = Addis Ababa
内罗毕 = Nairobi | 恩德培 = Entebbe | 基加利 = Kigali | 布琼布拉 = Bujumbura | 金沙萨 = Kinshasa
利奥波德维尔 = Leopoldville | 伊丽莎白维尔 = Elisabethville | 斯坦利维尔 = Stanleyville | 布拉柴维尔 = Brazzaville
班吉 = Bangui | 罗安达 = Luanda | 马普托 = Maputo | 卢萨卡 = Lusaka | 索尔兹伯里 = Salisbury | 比勒陀利亚 = Pretoria
索韦托 = Soweto | 夏普维尔 = Sharpeville | 温得和克 = Windhoek | 哈博罗内 = Gaborone | 马塞卢 = Maseru
科托努 = Cotonou | 阿比让 = Abidjan | 弗里敦 = Freetown | 蒙罗维亚 = Monrovia | 尼科西亚 = Nicosia
法马古斯塔 = Famagusta | 瓦罗沙 = Varosha | 伊斯兰堡 = Islamabad | 卡拉奇 = Karachi | 新德里 = New Delhi
喀布尔 = Kabul | 金边 = Phnom Penh | 平壤 = Pyongyang | 汉城/首尔 = Seoul | 北京 = Beijing/Peking | 莫斯科 = Moscow
华盛顿 = Washington | 伦敦 = London | 巴黎 = Paris | 柏林 = Berlin | 日内瓦 = Geneva | 维也纳 = Vienna | 海牙 = Hague
纽约 = New York | 布鲁塞尔 = Brussels | 旧金山/金山 = San Francisco | 萨拉热窝 = Sarajevo | 斯雷布雷尼察 = Srebrenica
太子港 = Port-au-Prince | 马那瓜 = Managua | 圣多明各 = Santo Domingo | 亚丁 = Aden | 萨那 = Sanaa/Sana'a
荷台达 = Hodeidah | 阿比西尼亚 = Abyssinia | 锡金 = Sikkim
"""

BODIES = """
安全理事会/安理会/安全理事會/安理會 = Security Council | 理事会/理事會 = Council
大会/大會/联合国大会 = General Assembly/Assembly | 秘书长/秘書長 = Secretary-General
副秘书长 = Under-Secretary-General | 助理秘书长 = Assistant Secretary-General | 秘书处/秘書處 = Secretariat
联合国/聯合國/联合国组织 = United Nations/UN/United Nations Organization
国际法院/國際法院 = International Court of Justice/World Court/Court
常设国际法院 = Permanent Court of International Justice
国际刑事法院 = International Criminal Court | 前南斯拉夫问题国际法庭 = International Tribunal for the former Yugoslavia
卢旺达问题国际法庭 = International Criminal Tribunal for Rwanda
经济及社会理事会/经社理事会 = Economic and Social Council
托管理事会/託管理事會 = Trusteeship Council | 军事参谋团/軍事參謀團 = Military Staff Committee
原子能委员会/原子能委員會 = Atomic Energy Commission
常规军备委员会/常規軍備委員會 = Commission for Conventional Armaments
裁军委员会 = Disarmament Commission | 接纳新会员委员会 = Committee on the Admission of New Members
专家委员会 = Committee of Experts | 人权委员会 = Commission on Human Rights | 人权理事会 = Human Rights Council
建设和平委员会 = Peacebuilding Commission | 维持和平行动特别委员会 = Special Committee on Peacekeeping Operations
维持和平行动部/维和部 = Department of Peacekeeping Operations
反对种族隔离特别委员会 = Special Committee against Apartheid
非殖民化特别委员会/二十四国委员会 = Special Committee on Decolonization/Committee of Twenty-Four
联合国纳米比亚理事会 = United Nations Council for Namibia | 联合国纳米比亚专员 = United Nations Commissioner for Namibia
联合国紧急部队/紧急部队/聯合國緊急部隊 = United Nations Emergency Force/UNEF
联塞部队/联合国驻塞浦路斯维持和平部队 = UNFICYP/United Nations Peace-keeping Force in Cyprus
脱离接触观察员部队/观察员部队 = United Nations Disengagement Observer Force/Disengagement Observer Force/UNDOF
联黎部队/联合国驻黎巴嫩临时部队 = UNIFIL/United Nations Interim Force in Lebanon
停战监督组织/休战监督组织 = Truce Supervision Organization/United Nations Truce Supervision Organization/UNTSO
联合国印度和巴基斯坦军事观察组/军事观察组 = United Nations Military Observer Group in India and Pakistan/UNMOGIP
联合国印度巴基斯坦委员会/联合国印巴委员会 = United Nations Commission for India and Pakistan/UNCIP
联合国印度巴基斯坦观察团/印巴观察团 = United Nations India-Pakistan Observation Mission/UNIPOM
联合国印度尼西亚委员会 = United Nations Commission for Indonesia
斡旋委员会/斡旋委員會 = Committee of Good Offices/Good Offices Committee | 领事委员会 = Consular Commission
联合国巴勒斯坦问题委员会/巴勒斯坦委员会 = United Nations Palestine Commission/Palestine Commission
休战委员会/休戰委員會 = Truce Commission | 调解专员 = United Nations Mediator/Mediator
巴勒斯坦和解委员会 = Conciliation Commission for Palestine/Palestine Conciliation Commission
近东救济工程处 = UNRWA/United Nations Relief and Works Agency for Palestine Refugees in the Near East
联合国难民事务高级专员/难民署 = United Nations High Commissioner for Refugees/UNHCR
联合国儿童基金会/儿童基金会 = UNICEF/United Nations Children's Fund | 联合国开发计划署/开发署 = UNDP
世界粮食计划署/粮食署 = World Food Programme | 国际原子能机构/原子能机构 = International Atomic Energy Agency/IAEA
国际民用航空组织/国际民航组织 = International Civil Aviation Organization/ICAO
红十字国际委员会 = International Committee of the Red Cross/ICRC | 红十字会/紅十字會 = Red Cross
联合国朝鲜委员会 = United Nations Commission on Korea | 统一司令部 = unified command
联合国朝鲜统一复兴委员会 = United Nations Commission for the Unification and Rehabilitation of Korea/UNCURK
联合国刚果行动/联刚行动 = United Nations Operation in the Congo/ONUC
联合国黎巴嫩观察团 = United Nations Observation Group in Lebanon/UNOGIL
联合国也门观察团 = United Nations Yemen Observation Mission/UNYOM
联合国临时行政当局 = United Nations Temporary Executive Authority/UNTEA | 联合国安全部队 = United Nations Security Force
联合国纳米比亚过渡时期援助团/过渡时期援助团 = United Nations Transition Assistance Group/UNTAG
巴尔干问题特别委员会 = Special Committee on the Balkans/UNSCOB
联合国马里多层面综合稳定团/联马团 = MINUSMA/United Nations Multidimensional Integrated Stabilization Mission in Mali
马里国际支助团/马里支助团 = African-led International Support Mission in Mali/AFISMA
非洲联盟-联合国达尔富尔混合行动/达尔富尔混合行动 = African Union-United Nations Hybrid Operation in Darfur/UNAMID
联合国中亚区域预防外交中心 = United Nations Regional Centre for Preventive Diplomacy for Central Asia/UNRCCA
中非建和办 = BINUCA/United Nations Integrated Peacebuilding Office in the Central African Republic
联刚稳定团 = MONUSCO | 中非稳定团 = MINUSCA | 联合国南苏丹特派团/南苏丹特派团 = UNMISS | 联海稳定团 = MINUSTAH
联阿援助团 = UNAMA | 联伊援助团 = UNAMI | 非索特派团 = AMISOM | 联利支助团 = UNSMIL
西撒特派团 = MINURSO/United Nations Mission for the Referendum in Western Sahara
非洲统一组织/非统组织 = Organization of African Unity/OAU | 非洲联盟/非盟 = African Union
美洲国家组织 = Organization of American States/OAS | 阿拉伯国家联盟/阿拉伯联盟 = League of Arab States/Arab League
伊斯兰会议组织/伊斯兰合作组织 = Organization of the Islamic Conference/Organisation of Islamic Cooperation
不结盟国家/不结盟运动 = non-aligned countries/Non-Aligned Movement
西非国家经济共同体/西非经共体 = Economic Community of West African States/ECOWAS
欧洲联盟/欧盟 = European Union | 北大西洋公约组织/北约 = North Atlantic Treaty Organization/NATO
国际联盟 = League of Nations | 和平与安全理事会 = Peace and Security Council
"""

VOCABULARY = """
# What resolutions do: operative and preambular verbs, and the question words that mean them
要求 = demands/requests/calls upon/requires | 呼吁/吁请/促请/促請/号召/呼籲 = calls upon/appeals/urges
敦促/敦请 = urges | 谴责/譴責 = condemns/condemnation/censures
强烈谴责/严厉谴责 = strongly condemns/vigorously condemns
遗憾/痛惜/惋惜/哀惜 = deplores/regrets | 决定/決定/议决/議決 = decides/decision/resolves
决议/决议案/決議案 = resolution | 决议草案 = draft resolution
设立/成立/建立/设置/创建/設立 = establish/set up/create/establishment | 请/請/请求 = requests/invites/asks
邀请/邀請 = invites/invitation | 授权/授權 = authorizes/authorization/empowers
延长/延長/展延 = extend/extension/prolong/renew
任务期限/授权期限/任务/任務 = mandate/mandate period | 期限 = period/time limit/deadline
驻留/驻扎 = stationing/stationed/presence | 注意到/获悉/獲悉/闻悉 = notes/noting/takes note
回顾/回顧/覆按 = recalls/recalling | 重申 = reaffirms/reiterates | 申明/确认/確認 = affirms/confirms
认为/認為 = considers/believes/deems | 深信/确信 = convinced | 关切/关注/關切 = concern/concerned
严重关切 = grave concern/gravely concerned | 震惊 = shocked/alarmed/dismay
赞扬/称赞/赞赏 = commends/praises/appreciation
欢迎 = welcomes | 感谢/谢意 = thanks/gratitude | 支持 = supports/support
赞同/核准/批准/核可 = approves/endorses/approval
警告 = warns/warning | 宣布/宣告 = declares/declaration/proclaims | 声明 = statement/declaration
拒绝 = rejects/refuses/refusal | 遵守 = comply/compliance/abide | 尊重 = respect
执行/实施/落实/履行 = implement/implementation/carry out/fulfil | 措施 = measures | 必要措施 = necessary measures
步骤 = steps | 采取 = take/taking | 行动 = action/operation | 强制性/有约束力 = mandatory/binding
提请 = draws attention/bring to the attention | 告知/通知/随时告知 = inform/keep informed/notify
通报/吹风会 = briefing/briefed | 审议/審議 = considers/consideration/examine | 审查/審查 = examine/review
监督/监察/監督 = supervise/supervision/oversee | 监测 = monitor/monitoring | 核查 = verification/verify
部署 = deploy/deployment | 派遣 = dispatch/send | 指派/任命 = appoint/appointment/designate
召开/召集 = convene/convening | 举行 = held/hold | 撤销/撤消 = revoke/rescind | 解除/取消 = lift/terminate/cancel
终止 = terminate/termination | 暂停/中止 = suspend/suspension | 开除 = expel/expulsion
恢复 = restore/restoration/resume | 保障/保证 = guarantee/assurance | 确保 = ensure | 防止 = prevent/prevention
允许/准许 = permit/allow | 禁止 = prohibit/prohibition/ban | 立即 = immediately/immediate
无条件 = unconditional/unconditionally

# The Council's own procedure
安全 = security/safety | 和平 = peace/peaceful | 主席 = President/Chairman
主席声明 = statement by the President/presidential statement | 理事国/理事國 = members of the Council/Council members
常任理事国/常任理事國 = permanent members | 非常任理事国 = non-permanent members | 成员/成员国 = members/Member States
会员国/會員國 = Member/Members/Member States | 新会员/新会员国/新會員國 = new Members/new Member
接纳/接納/准许入会/入会/入會 = admission/admit/admitted to membership | 会员资格/会籍 = membership
申请/申請/申请书/申請書 = application/applicant/applies | 宪章/憲章 = Charter | 规约/規約 = Statute
投票/表决/表決 = vote/voting | 票 = votes | 弃权/棄權 = abstention/abstained/abstentions
一致通过 = adopted unanimously/unanimously | 通过 = adopted/adoption | 赞成 = in favour/in favor
反对 = against/opposes | 否决/否决权 = veto | 未经表决/未举行表决 = without a vote
会议/會議 = meeting/meetings/conference | 届会/屆會/会期 = session | 特别届会/特別屆會 = special session
紧急特别会议/紧急特别届会 = emergency special session | 议程 = agenda | 议事规则 = rules of procedure
临时议事规则 = provisional rules of procedure | 推荐/推薦 = recommends/recommendation
建议/建議 = recommends/recommendation/proposal/suggestion | 提案 = proposals/proposal
磋商/会商/會商 = consultations/consult | 公开辩论 = open debate | 辩论 = debate
报告/報告/报告书/報告書/具报 = report | 代表 = representative/representatives | 常驻代表 = Permanent Representative
特别代表 = Special Representative | 特使 = Special Envoy/envoy | 特派团/使团/代表团 = mission/delegation
委员会/委員會 = committee/commission | 小组委员会/小組委員會 = sub-committee/subcommittee
专家/專家 = experts/expert | 专家组/专家小组 = panel of experts/group of experts | 工作组 = working group
制裁委员会 = sanctions committee | 调查/調查 = investigation/inquiry/investigate
调查委员会 = commission of investigation/commission of inquiry | 实况调查团/事实调查团 = fact-finding mission
观察员/觀察員 = observers/observer | 军事观察员 = military observers | 调解/調解/调停 = mediation/mediator/mediate
和解 = conciliation/reconciliation | 斡旋 = good offices | 选举/選舉 = election/elect/ballot
补选/补缺选举 = fill the vacancy/election to fill | 法官 = judge/judges | 空缺/遗缺/缺额 = vacancy
任期 = term of office | 辞职 = resignation/resigned | 逝世/去世 = death/died
咨询意见 = advisory opinion | 判决 = judgment/judgement | 证据 = evidence

# Peace and security: forces, arms, sanctions
维持和平/维和/維持和平 = peace-keeping/peacekeeping/keeping the peace
维持和平部队/维和部队 = peace-keeping force/peacekeeping force
维持和平行动/维和行动 = peace-keeping operation/peacekeeping operations
建设和平/缔造和平 = peacebuilding/peace-building/peacemaking
预防外交/预防冲突 = preventive diplomacy/conflict prevention
国际和平与安全/国际和平及安全/國際和平及安全 = international peace and security
对和平的威胁/和平之威胁/威胁和平 = threat to the peace | 破坏和平 = breach of the peace
侵略/侵略行为 = aggression/act of aggression/aggressive | 武装攻击 = armed attack
自卫/自衛 = self-defence/self-defense
集体自卫 = collective self-defence/collective self-defense | 使用武力/武力 = use of force/force
停火 = cease-fire/ceasefire | 停火线 = cease-fire line | 停止敌对行动/敌对行动 = cessation of hostilities/hostilities
停战/停戰 = armistice | 停战协定 = armistice agreement/General Armistice Agreement | 休战/休戰 = truce
撤出/撤军/撤回/撤退/撤走/撤离/撤兵 = withdraw/withdrawal/pull out | 部队/部隊 = force/forces/troops
军队/軍隊 = troops/armed forces/army | 武装部队 = armed forces | 外国军队 = foreign troops/foreign forces
出兵国/部队派遣国 = troop-contributing countries | 制裁 = sanctions | 经济制裁 = economic sanctions | 禁运 = embargo
武器禁运 = arms embargo | 石油禁运 = oil embargo | 武器/军火 = arms/weapons/munitions | 军备/軍備 = armaments
裁军 = disarmament | 核武器 = nuclear weapons | 核试验 = nuclear tests/nuclear testing
核不扩散/不扩散/防扩散 = non-proliferation | 原子能 = atomic energy | 国际管制/國際管制 = international control
大规模毁灭性武器 = weapons of mass destruction | 化学武器 = chemical weapons | 恐怖主义 = terrorism/terrorist
恐怖行为/恐怖主义行为 = terrorist acts/acts of terrorism | 反恐 = counter-terrorism | 海盗 = piracy/pirates
人质 = hostages | 劫持人质/扣押人质 = hostage-taking/taking of hostages | 劫持/劫机 = hijacking/hijack
雇佣军 = mercenaries | 入侵 = invasion/invade | 攻击/袭击/进攻 = attack/attacks/raid | 轰炸 = bombing/bombardment
空袭 = air raid/air attack/air strike | 军事行动 = military action/military operations | 报复 = reprisal/retaliation
侵犯 = violation/violates/infringement | 违反/违背 = violation/contravention/breach
干涉/干预 = intervention/interference
内政 = internal affairs/domestic affairs | 边界/边境/邊境/国界 = border/frontier/boundary | 缓冲区 = buffer zone
非军事区 = demilitarized zone | 非军事化 = demilitarization | 飞机/航空器 = aircraft/airliner
民用航空 = civil aviation
船只/船舶 = vessels/ships/shipping | 港口 = ports/port | 封锁 = blockade | 石油 = oil/petroleum | 海峡 = strait/channel
领海 = territorial waters | 领空 = airspace | 水雷/地雷 = mines/mining | 费用/经费 = costs/expenses/financing
自愿捐款 = voluntary contributions | 区域组织/区域安排 = regional organizations/regional arrangements

# Territory, peoples and rights
占领/占領 = occupation/occupied/occupying | 占领国 = occupying Power | 被占领土/被占领领土 = occupied territories
领土/領土 = territory/territorial | 领土完整 = territorial integrity | 独立/獨立 = independence/independent
政治独立 = political independence | 自决 = self-determination | 主权 = sovereignty/sovereign
无效/無效 = null and void/invalid/no validity | 赔偿/賠償 = reparation/compensation/indemnity
种族隔离 = apartheid | 种族主义 = racist/racism | 种族歧视 = racial discrimination
班图斯坦/黑人家园 = bantustans/homelands
非法政权/少数人政权 = illegal régime/illegal regime/minority régime/minority regime
殖民主义/殖民 = colonialism/colonial | 非殖民化 = decolonization | 非自治领土 = Non-Self-Governing Territories
托管/託管 = trusteeship | 托管领土 = Trust Territory | 战略地区 = strategic area
民族解放运动/解放运动 = national liberation movement/liberation movement | 人民 = people/peoples
难民 = refugees/refugee | 流离失所者 = displaced persons | 人权 = human rights
人道主义援助/人道援助 = humanitarian assistance/humanitarian aid | 人道主义 = humanitarian
国际法 = international law | 国际人道法/国际人道主义法 = international humanitarian law
平民 = civilian/civilians | 保护平民 = protection of civilians | 伤亡 = casualties/loss of life
屠杀 = massacre/killing | 处决/死刑 = execution/death sentence | 政治犯 = political prisoners | 释放 = release
拘留/监禁/逮捕 = detention/imprisonment/arrest | 驱逐/驱逐出境 = deportation/expulsion/deport
定居点 = settlements | 吞并 = annexation/annex | 圣地 = Holy Places | 清真寺 = mosque | 市长 = mayor/mayors
全民投票/公民投票 = plebiscite/referendum | 自由选举 = free elections | 宪法 = constitution | 政变 = coup
叛乱 = rebellion/insurgency | 内战 = civil war | 游行/进军 = march | 示威 = demonstration/demonstrations
镇压 = repression/suppression | 暴力 = violence | 儿童 = children | 妇女 = women | 粮食 = food

# Disputes and their settlement, States and their relations
局势/情势/情勢 = situation | 问题/問題 = question/problem/issue | 争端/爭端 = dispute
有关各方/当事方/当事国/争端当事国 = parties concerned/parties to the dispute | 冲突 = conflict | 战争/戰爭 = war
和平解决 = peaceful settlement/pacific settlement/peaceful solution | 谈判/談判 = negotiations/negotiate
协定/协议/協定 = agreement/accord | 条约/條約 = treaty | 公约/公約 = convention | 日内瓦公约 = Geneva Convention
国际磨擦/国际摩擦 = international friction | 援助/协助/協助 = assistance/aid/assist | 经济援助 = economic assistance
合作 = cooperation/co-operation | 政府 = Government | 当局 = authorities | 国家/國家 = States/countries/nations
发展中国家 = developing countries | 外交人员/外交官 = diplomatic personnel/diplomats | 大使馆/使馆 = embassy
外交关系 = diplomatic relations | 国民 = nationals | 领事 = consuls/consular | 国际/國際 = international
特别/特別 = special | 紧急/緊急 = emergency/urgent | 临时 = interim/provisional/temporary
过渡/过渡时期 = transition/transitional | 组织 = organization/organize
"""

BLOCKERS = """
请问 = | 请列出 = | 请列举 = | 请说明 = | 请简述 = | 请概述 = | 请简要 = | 请告诉 = | 请给出 = | 请指出 =
请解释 = | 请回答 = | 请总结 = | 请根据 = | 请找出 = | 请提供 =
"""
