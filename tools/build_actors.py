"""Regenerate ``kg/data/actors.ttl`` (the gazetteer) from the tables below.

Run ``python tools/build_actors.py`` after editing a table; the Turtle file is
what the package ships and reads (``kg.nlp.gazetteer``), this script is only the
editable source. Columns are separated by ``|``, multiple values by ``;``.

States: ``label | other names | demonyms and adjectives | metonyms (capital,
seat of government) | Wikidata QID | CAMEO code``. The first block holds the
193 UN member states, the second the observer states and other states that
the news treats as state actors. Wikidata QIDs were checked against a
published country table (ISO code -> Wikidata entity). ``kg:cameoCode`` is
the current ISO 3166-1 alpha-3 code, which CAMEO uses as its country code (a
few countries renamed since CAMEO's tables were made, e.g. Romania, may carry
an older code there); Kosovo has no ISO code and gets none. The Netherlands
is linked to Q55 (the country most news entity linkers use), not to the
Kingdom of the Netherlands (Q29999).

Organisations and armed groups: ``label | other names | QID | kind``. A QID
is written only where it is known with certainty; otherwise the actor has no
``owl:sameAs`` (see ``seeds/README.md`` / the gazetteer tests).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.rdf.iris import slugify  # noqa: E402
from kg.rdf.namespace import ID_BASE, KG_NS  # noqa: E402

UN_MEMBERS = """
Afghanistan | Islamic Republic of Afghanistan; Islamic Emirate of Afghanistan; Islamic State of Afghanistan | Afghan; Afghans | Kabul | Q889 | AFG
Albania | Republic of Albania | Albanian; Albanians | Tirana | Q222 | ALB
Algeria | People's Democratic Republic of Algeria | Algerian; Algerians | Algiers | Q262 | DZA
Andorra | Principality of Andorra | Andorran; Andorrans | Andorra la Vella | Q228 | AND
Angola | Republic of Angola | Angolan; Angolans | Luanda | Q916 | AGO
Antigua and Barbuda | Antigua & Barbuda | Antiguan; Antiguans | St. John's | Q781 | ATG
Argentina | Argentine Republic | Argentine; Argentinian; Argentines; Argentinians | Buenos Aires | Q414 | ARG
Armenia | Republic of Armenia | Armenian; Armenians | Yerevan | Q399 | ARM
Australia | Commonwealth of Australia | Australian; Australians | Canberra | Q408 | AUS
Austria | Republic of Austria | Austrian; Austrians | Vienna | Q40 | AUT
Azerbaijan | Republic of Azerbaijan | Azerbaijani; Azerbaijanis; Azeri; Azeris | Baku | Q227 | AZE
Bahamas | Commonwealth of The Bahamas; The Bahamas | Bahamian; Bahamians | Nassau | Q778 | BHS
Bahrain | Kingdom of Bahrain | Bahraini; Bahrainis | Manama | Q398 | BHR
Bangladesh | People's Republic of Bangladesh | Bangladeshi; Bangladeshis | Dhaka | Q902 | BGD
Barbados |  | Barbadian; Barbadians | Bridgetown | Q244 | BRB
Belarus | Republic of Belarus; Byelorussia | Belarusian; Belarusians; Belarussian | Minsk | Q184 | BLR
Belgium | Kingdom of Belgium | Belgian; Belgians | Brussels | Q31 | BEL
Belize |  | Belizean; Belizeans | Belmopan | Q242 | BLZ
Benin | Republic of Benin | Beninese | Porto-Novo | Q962 | BEN
Bhutan | Kingdom of Bhutan | Bhutanese | Thimphu | Q917 | BTN
Bolivia | Plurinational State of Bolivia | Bolivian; Bolivians | La Paz; Sucre | Q750 | BOL
Bosnia and Herzegovina | Bosnia-Herzegovina; Bosnia | Bosnian; Bosnians | Sarajevo | Q225 | BIH
Botswana | Republic of Botswana | Botswanan; Motswana; Batswana | Gaborone | Q963 | BWA
Brazil | Federative Republic of Brazil | Brazilian; Brazilians | Brasília; Brasilia | Q155 | BRA
Brunei | Brunei Darussalam; Nation of Brunei | Bruneian; Bruneians | Bandar Seri Begawan | Q921 | BRN
Bulgaria | Republic of Bulgaria | Bulgarian; Bulgarians | Sofia | Q219 | BGR
Burkina Faso |  | Burkinabe; Burkinabè | Ouagadougou | Q965 | BFA
Burundi | Republic of Burundi | Burundian; Burundians | Gitega; Bujumbura | Q967 | BDI
Cabo Verde | Cape Verde; Republic of Cabo Verde | Cape Verdean; Cabo Verdean; Cape Verdeans | Praia | Q1011 | CPV
Cambodia | Kingdom of Cambodia | Cambodian; Cambodians; Khmer | Phnom Penh | Q424 | KHM
Cameroon | Republic of Cameroon | Cameroonian; Cameroonians | Yaoundé; Yaounde | Q1009 | CMR
Canada |  | Canadian; Canadians | Ottawa | Q16 | CAN
Central African Republic | CAR | Central African; Central Africans | Bangui | Q929 | CAF
Chad | Republic of Chad | Chadian; Chadians | N'Djamena; Ndjamena | Q657 | TCD
Chile | Republic of Chile | Chilean; Chileans | Santiago | Q298 | CHL
China | People's Republic of China; PRC; Mainland China | Chinese | Beijing; Peking; Zhongnanhai | Q148 | CHN
Colombia | Republic of Colombia | Colombian; Colombians | Bogotá; Bogota | Q739 | COL
Comoros | Union of the Comoros | Comorian; Comorians | Moroni | Q970 | COM
Republic of the Congo | Congo-Brazzaville; Congo Republic; Republic of Congo | Congolese (Brazzaville) | Brazzaville | Q971 | COG
Costa Rica | Republic of Costa Rica | Costa Rican; Costa Ricans | San José; San Jose | Q800 | CRI
Côte d'Ivoire | Ivory Coast; Cote d'Ivoire; Republic of Côte d'Ivoire | Ivorian; Ivorians | Yamoussoukro; Abidjan | Q1008 | CIV
Croatia | Republic of Croatia | Croatian; Croatians; Croat; Croats | Zagreb | Q224 | HRV
Cuba | Republic of Cuba | Cuban; Cubans | Havana | Q241 | CUB
Cyprus | Republic of Cyprus | Cypriot; Cypriots | Nicosia | Q229 | CYP
Czech Republic | Czechia | Czech; Czechs | Prague | Q213 | CZE
Democratic Republic of the Congo | DR Congo; DRC; Congo-Kinshasa; Democratic Republic of Congo; Zaire | Congolese (Kinshasa) | Kinshasa | Q974 | COD
Denmark | Kingdom of Denmark | Danish; Dane; Danes | Copenhagen | Q35 | DNK
Djibouti | Republic of Djibouti | Djiboutian; Djiboutians |  | Q977 | DJI
Dominica | Commonwealth of Dominica | Dominicans (Dominica) | Roseau | Q784 | DMA
Dominican Republic |  | Dominican; Dominicans | Santo Domingo | Q786 | DOM
Ecuador | Republic of Ecuador | Ecuadorian; Ecuadorians; Ecuadorean | Quito | Q736 | ECU
Egypt | Arab Republic of Egypt | Egyptian; Egyptians | Cairo | Q79 | EGY
El Salvador | Republic of El Salvador | Salvadoran; Salvadorans; Salvadorian | San Salvador | Q792 | SLV
Equatorial Guinea | Republic of Equatorial Guinea | Equatorial Guinean; Equatoguinean | Malabo | Q983 | GNQ
Eritrea | State of Eritrea | Eritrean; Eritreans | Asmara | Q986 | ERI
Estonia | Republic of Estonia | Estonian; Estonians | Tallinn | Q191 | EST
Eswatini | Swaziland; Kingdom of Eswatini | Swazi; Swazis; Emaswati | Mbabane; Lobamba | Q1050 | SWZ
Ethiopia | Federal Democratic Republic of Ethiopia | Ethiopian; Ethiopians | Addis Ababa | Q115 | ETH
Fiji | Republic of Fiji | Fijian; Fijians | Suva | Q712 | FJI
Finland | Republic of Finland | Finnish; Finn; Finns | Helsinki | Q33 | FIN
France | French Republic | French; Frenchman; Frenchmen | Paris; Élysée; Elysee; Élysée Palace; Elysee Palace | Q142 | FRA
Gabon | Gabonese Republic | Gabonese | Libreville | Q1000 | GAB
Gambia | The Gambia; Republic of The Gambia | Gambian; Gambians | Banjul | Q1005 | GMB
Georgia | Republic of Georgia; Sakartvelo | Georgian; Georgians | Tbilisi | Q230 | GEO
Germany | Federal Republic of Germany | German; Germans | Berlin | Q183 | DEU
Ghana | Republic of Ghana | Ghanaian; Ghanaians | Accra | Q117 | GHA
Greece | Hellenic Republic | Greek; Greeks | Athens | Q41 | GRC
Grenada |  | Grenadian; Grenadians | St. George's | Q769 | GRD
Guatemala | Republic of Guatemala | Guatemalan; Guatemalans | Guatemala City | Q774 | GTM
Guinea | Republic of Guinea; Guinea-Conakry | Guinean; Guineans | Conakry | Q1006 | GIN
Guinea-Bissau | Republic of Guinea-Bissau | Bissau-Guinean; Bissau-Guineans | Bissau | Q1007 | GNB
Guyana | Co-operative Republic of Guyana | Guyanese | Georgetown | Q734 | GUY
Haiti | Republic of Haiti | Haitian; Haitians | Port-au-Prince | Q790 | HTI
Honduras | Republic of Honduras | Honduran; Hondurans | Tegucigalpa | Q783 | HND
Hungary |  | Hungarian; Hungarians | Budapest | Q28 | HUN
Iceland |  | Icelandic; Icelander; Icelanders | Reykjavík; Reykjavik | Q189 | ISL
India | Republic of India; Bharat | Indian; Indians | New Delhi | Q668 | IND
Indonesia | Republic of Indonesia | Indonesian; Indonesians | Jakarta | Q252 | IDN
Iran | Islamic Republic of Iran; Persia | Iranian; Iranians | Tehran; Teheran | Q794 | IRN
Iraq | Republic of Iraq | Iraqi; Iraqis | Baghdad | Q796 | IRQ
Ireland | Republic of Ireland; Éire; Eire | Irish; Irishman | Dublin | Q27 | IRL
Israel | State of Israel | Israeli; Israelis | Jerusalem; Tel Aviv | Q801 | ISR
Italy | Italian Republic | Italian; Italians | Rome | Q38 | ITA
Jamaica |  | Jamaican; Jamaicans | Kingston | Q766 | JAM
Japan | State of Japan; Nippon | Japanese | Tokyo | Q17 | JPN
Jordan | Hashemite Kingdom of Jordan | Jordanian; Jordanians | Amman | Q810 | JOR
Kazakhstan | Republic of Kazakhstan | Kazakh; Kazakhs; Kazakhstani; Kazakhstanis | Astana | Q232 | KAZ
Kenya | Republic of Kenya | Kenyan; Kenyans | Nairobi | Q114 | KEN
Kiribati | Republic of Kiribati | I-Kiribati | Tarawa; South Tarawa | Q710 | KIR
Kuwait | State of Kuwait | Kuwaiti; Kuwaitis | Kuwait City | Q817 | KWT
Kyrgyzstan | Kyrgyz Republic; Kirghizia | Kyrgyz; Kyrgyzstani | Bishkek | Q813 | KGZ
Laos | Lao People's Democratic Republic; Lao PDR | Laotian; Laotians; Lao | Vientiane | Q819 | LAO
Latvia | Republic of Latvia | Latvian; Latvians | Riga | Q211 | LVA
Lebanon | Lebanese Republic | Lebanese | Beirut | Q822 | LBN
Lesotho | Kingdom of Lesotho | Basotho; Mosotho | Maseru | Q1013 | LSO
Liberia | Republic of Liberia | Liberian; Liberians | Monrovia | Q1014 | LBR
Libya | State of Libya | Libyan; Libyans | Tripoli | Q1016 | LBY
Liechtenstein | Principality of Liechtenstein | Liechtensteiner; Liechtensteiners | Vaduz | Q347 | LIE
Lithuania | Republic of Lithuania | Lithuanian; Lithuanians | Vilnius | Q37 | LTU
Luxembourg | Grand Duchy of Luxembourg | Luxembourgish; Luxembourger; Luxembourgers |  | Q32 | LUX
Madagascar | Republic of Madagascar | Malagasy | Antananarivo | Q1019 | MDG
Malawi | Republic of Malawi | Malawian; Malawians | Lilongwe | Q1020 | MWI
Malaysia |  | Malaysian; Malaysians | Kuala Lumpur; Putrajaya | Q833 | MYS
Maldives | Republic of Maldives; The Maldives | Maldivian; Maldivians | Malé | Q826 | MDV
Mali | Republic of Mali | Malian; Malians | Bamako | Q912 | MLI
Malta | Republic of Malta | Maltese | Valletta | Q233 | MLT
Marshall Islands | Republic of the Marshall Islands | Marshallese | Majuro | Q709 | MHL
Mauritania | Islamic Republic of Mauritania | Mauritanian; Mauritanians | Nouakchott | Q1025 | MRT
Mauritius | Republic of Mauritius | Mauritian; Mauritians | Port Louis | Q1027 | MUS
Mexico | United Mexican States | Mexican; Mexicans | Mexico City | Q96 | MEX
Micronesia | Federated States of Micronesia | Micronesian; Micronesians | Palikir | Q702 | FSM
Moldova | Republic of Moldova | Moldovan; Moldovans | Chișinău; Chisinau | Q217 | MDA
Monaco | Principality of Monaco | Monegasque; Monégasque |  | Q235 | MCO
Mongolia |  | Mongolian; Mongolians | Ulaanbaatar; Ulan Bator | Q711 | MNG
Montenegro |  | Montenegrin; Montenegrins | Podgorica | Q236 | MNE
Morocco | Kingdom of Morocco | Moroccan; Moroccans | Rabat | Q1028 | MAR
Mozambique | Republic of Mozambique | Mozambican; Mozambicans | Maputo | Q1029 | MOZ
Myanmar | Burma; Republic of the Union of Myanmar | Burmese | Naypyidaw; Naypyitaw; Nay Pyi Taw | Q836 | MMR
Namibia | Republic of Namibia | Namibian; Namibians | Windhoek | Q1030 | NAM
Nauru | Republic of Nauru | Nauruan; Nauruans | Yaren | Q697 | NRU
Nepal | Federal Democratic Republic of Nepal | Nepali; Nepalese; Nepalis | Kathmandu | Q837 | NPL
Netherlands | Kingdom of the Netherlands; Holland; The Netherlands | Dutch; Dutchman | The Hague; Amsterdam | Q55 | NLD
New Zealand | Aotearoa | New Zealander; New Zealanders | Wellington | Q664 | NZL
Nicaragua | Republic of Nicaragua | Nicaraguan; Nicaraguans | Managua | Q811 | NIC
Niger | Republic of the Niger | Nigerien; Nigeriens | Niamey | Q1032 | NER
Nigeria | Federal Republic of Nigeria | Nigerian; Nigerians | Abuja | Q1033 | NGA
North Korea | Democratic People's Republic of Korea; DPRK; D.P.R.K. | North Korean; North Koreans | Pyongyang | Q423 | PRK
North Macedonia | Republic of North Macedonia; Macedonia; FYROM | Macedonian; Macedonians; North Macedonian | Skopje | Q221 | MKD
Norway | Kingdom of Norway | Norwegian; Norwegians | Oslo | Q20 | NOR
Oman | Sultanate of Oman | Omani; Omanis | Muscat | Q842 | OMN
Pakistan | Islamic Republic of Pakistan | Pakistani; Pakistanis | Islamabad | Q843 | PAK
Palau | Republic of Palau | Palauan; Palauans | Ngerulmud | Q695 | PLW
Panama | Republic of Panama | Panamanian; Panamanians | Panama City | Q804 | PAN
Papua New Guinea | Independent State of Papua New Guinea; PNG | Papua New Guinean; Papua New Guineans | Port Moresby | Q691 | PNG
Paraguay | Republic of Paraguay | Paraguayan; Paraguayans | Asunción; Asuncion | Q733 | PRY
Peru | Republic of Peru | Peruvian; Peruvians | Lima | Q419 | PER
Philippines | Republic of the Philippines; The Philippines | Filipino; Filipinos; Philippine | Manila | Q928 | PHL
Poland | Republic of Poland | Polish; Pole; Poles | Warsaw | Q36 | POL
Portugal | Portuguese Republic | Portuguese | Lisbon | Q45 | PRT
Qatar | State of Qatar | Qatari; Qataris | Doha | Q846 | QAT
South Korea | Republic of Korea; ROK; Korea | South Korean; South Koreans | Seoul | Q884 | KOR
Romania |  | Romanian; Romanians | Bucharest | Q218 | ROU
Russia | Russian Federation | Russian; Russians | Moscow; Kremlin; The Kremlin | Q159 | RUS
Rwanda | Republic of Rwanda | Rwandan; Rwandans | Kigali | Q1037 | RWA
Saint Kitts and Nevis | St. Kitts and Nevis; St Kitts and Nevis; Federation of Saint Christopher and Nevis | Kittitian; Nevisian | Basseterre | Q763 | KNA
Saint Lucia | St. Lucia; St Lucia | Saint Lucian; Saint Lucians | Castries | Q760 | LCA
Saint Vincent and the Grenadines | St. Vincent and the Grenadines; St Vincent and the Grenadines | Vincentian; Vincentians | Kingstown | Q757 | VCT
Samoa | Independent State of Samoa | Samoan; Samoans | Apia | Q683 | WSM
San Marino | Republic of San Marino | Sammarinese |  | Q238 | SMR
São Tomé and Príncipe | Sao Tome and Principe; Democratic Republic of São Tomé and Príncipe | Santomean; Santomeans | São Tomé; Sao Tome | Q1039 | STP
Saudi Arabia | Kingdom of Saudi Arabia; KSA | Saudi; Saudis; Saudi Arabian; Saudi Arabians | Riyadh | Q851 | SAU
Senegal | Republic of Senegal | Senegalese | Dakar | Q1041 | SEN
Serbia | Republic of Serbia | Serbian; Serbians; Serb; Serbs | Belgrade | Q403 | SRB
Seychelles | Republic of Seychelles | Seychellois |  | Q1042 | SYC
Sierra Leone | Republic of Sierra Leone | Sierra Leonean; Sierra Leoneans | Freetown | Q1044 | SLE
Singapore | Republic of Singapore | Singaporean; Singaporeans |  | Q334 | SGP
Slovakia | Slovak Republic | Slovak; Slovaks; Slovakian | Bratislava | Q214 | SVK
Slovenia | Republic of Slovenia | Slovenian; Slovenians; Slovene; Slovenes | Ljubljana | Q215 | SVN
Solomon Islands |  | Solomon Islander; Solomon Islanders | Honiara | Q685 | SLB
Somalia | Federal Republic of Somalia | Somali; Somalis | Mogadishu | Q1045 | SOM
South Africa | Republic of South Africa | South African; South Africans | Pretoria; Cape Town | Q258 | ZAF
South Sudan | Republic of South Sudan | South Sudanese | Juba | Q958 | SSD
Spain | Kingdom of Spain | Spanish; Spaniard; Spaniards | Madrid | Q29 | ESP
Sri Lanka | Democratic Socialist Republic of Sri Lanka; Ceylon | Sri Lankan; Sri Lankans | Colombo; Sri Jayawardenepura Kotte | Q854 | LKA
Sudan | Republic of the Sudan; The Sudan | Sudanese | Khartoum | Q1049 | SDN
Suriname | Republic of Suriname; Surinam | Surinamese | Paramaribo | Q730 | SUR
Sweden | Kingdom of Sweden | Swedish; Swede; Swedes | Stockholm | Q34 | SWE
Switzerland | Swiss Confederation | Swiss | Bern; Berne | Q39 | CHE
Syria | Syrian Arab Republic | Syrian; Syrians | Damascus | Q858 | SYR
Tajikistan | Republic of Tajikistan | Tajik; Tajiks; Tajikistani | Dushanbe | Q863 | TJK
Tanzania | United Republic of Tanzania | Tanzanian; Tanzanians | Dodoma; Dar es Salaam | Q924 | TZA
Thailand | Kingdom of Thailand; Siam | Thai; Thais | Bangkok | Q869 | THA
Timor-Leste | East Timor; Democratic Republic of Timor-Leste | Timorese; East Timorese | Dili | Q574 | TLS
Togo | Togolese Republic | Togolese | Lomé; Lome | Q945 | TGO
Tonga | Kingdom of Tonga | Tongan; Tongans | Nukuʻalofa; Nuku'alofa | Q678 | TON
Trinidad and Tobago | Republic of Trinidad and Tobago | Trinidadian; Trinidadians; Tobagonian | Port of Spain | Q754 | TTO
Tunisia | Tunisian Republic | Tunisian; Tunisians | Tunis | Q948 | TUN
Turkey | Türkiye; Turkiye; Republic of Türkiye; Republic of Turkey | Turkish; Turk; Turks | Ankara | Q43 | TUR
Turkmenistan |  | Turkmen; Turkmens | Ashgabat | Q874 | TKM
Tuvalu |  | Tuvaluan; Tuvaluans | Funafuti | Q672 | TUV
Uganda | Republic of Uganda | Ugandan; Ugandans | Kampala | Q1036 | UGA
Ukraine |  | Ukrainian; Ukrainians | Kyiv; Kiev | Q212 | UKR
United Arab Emirates | UAE; U.A.E.; Emirates | Emirati; Emiratis | Abu Dhabi | Q878 | ARE
United Kingdom | United Kingdom of Great Britain and Northern Ireland; UK; U.K.; Britain; Great Britain | British; Briton; Britons; Brit; Brits | London; Downing Street; Whitehall | Q145 | GBR
United States | United States of America; US; U.S.; USA; U.S.A.; America | American; Americans | Washington; Washington, D.C.; Washington D.C.; White House; The White House; Pentagon; The Pentagon | Q30 | USA
Uruguay | Oriental Republic of Uruguay | Uruguayan; Uruguayans | Montevideo | Q77 | URY
Uzbekistan | Republic of Uzbekistan | Uzbek; Uzbeks; Uzbekistani | Tashkent | Q265 | UZB
Vanuatu | Republic of Vanuatu | Ni-Vanuatu | Port Vila | Q686 | VUT
Venezuela | Bolivarian Republic of Venezuela | Venezuelan; Venezuelans | Caracas | Q717 | VEN
Vietnam | Viet Nam; Socialist Republic of Vietnam | Vietnamese | Hanoi | Q881 | VNM
Yemen | Republic of Yemen | Yemeni; Yemenis | Sanaa; Sana'a; Aden | Q805 | YEM
Zambia | Republic of Zambia | Zambian; Zambians | Lusaka | Q953 | ZMB
Zimbabwe | Republic of Zimbabwe | Zimbabwean; Zimbabweans | Harare | Q954 | ZWE
"""

OTHER_STATES = """
Palestine | State of Palestine; Palestinian Authority; Palestinian territories | Palestinian; Palestinians | Ramallah | Q219060 | PSE
Holy See | Vatican; Vatican City; The Vatican |  |  | Q159583 | VAT
Taiwan | Republic of China; ROC; Chinese Taipei | Taiwanese | Taipei | Q865 | TWN
Kosovo | Republic of Kosovo | Kosovar; Kosovars; Kosovan | Pristina; Prishtina | Q1246 |
"""

ORGANIZATIONS = """
United Nations | UN; U.N.; The United Nations | Q1065
UN Security Council | United Nations Security Council; Security Council; UNSC; U.N. Security Council |
North Atlantic Treaty Organization | NATO; North Atlantic Alliance; Atlantic Alliance | Q7184
European Union | EU; E.U.; The European Union | Q458
African Union | AU; The African Union | Q7159
Arab League | League of Arab States; The Arab League | Q7172
Association of Southeast Asian Nations | ASEAN | Q7768
Organization of the Petroleum Exporting Countries | OPEC | Q7795
Gulf Cooperation Council | GCC; Cooperation Council for the Arab States of the Gulf |
Shanghai Cooperation Organisation | SCO; Shanghai Cooperation Organization |
International Atomic Energy Agency | IAEA |
World Health Organization | WHO; World Health Organisation | Q7817
International Monetary Fund | IMF | Q7804
World Bank | World Bank Group | Q7164
World Trade Organization | WTO; World Trade Organisation | Q7825
Organisation of Islamic Cooperation | OIC; Organization of Islamic Cooperation |
Organization for Security and Co-operation in Europe | OSCE; Organization for Security and Cooperation in Europe |
International Criminal Court | ICC |
Economic Community of West African States | ECOWAS |
Collective Security Treaty Organization | CSTO |
Group of Seven | G7; G-7 |
Group of Twenty | G20; G-20 |
BRICS |  |
Organization of American States | OAS |
Global Coalition to Defeat ISIS | Global Coalition against Daesh; anti-ISIS coalition; Coalition to Defeat ISIS |
African Union Mission in Somalia | AMISOM; African Union Mission to Somalia |
African Union Transition Mission in Somalia | ATMIS |
"""

ARMED_GROUPS = """
ISIS | ISIL; IS; Islamic State; Islamic State of Iraq and Syria; Islamic State of Iraq and the Levant; Islamic State of Iraq and al-Sham; Daesh; DAESH; Da'esh; Daish; I.S.I.S.; I.S.I.L. | Q2429253
al-Qaeda | al-Qaida; al Qaeda; Al Qaeda; al-Qa'ida; Al-Qaeda; AQ | Q34490
al-Qaeda in the Arabian Peninsula | AQAP |
Taliban | The Taliban; Taleban | Q42418
Tehrik-i-Taliban Pakistan | Pakistani Taliban; TTP; Tehreek-e-Taliban Pakistan |
Hezbollah | Hizbollah; Hizballah; Hizbullah; Hezbolla | Q41053
Hamas | Islamic Resistance Movement; Ḥamās | Q38799
Palestinian Islamic Jihad | Islamic Jihad; PIJ |
Houthis | Houthi movement; Ansar Allah; Ansarallah; Houthi rebels; Houthi |
al-Shabaab | al-Shabab; Al-Shabaab; Harakat al-Shabaab al-Mujahideen |
Boko Haram | Jama'atu Ahlis Sunna Lidda'awati wal-Jihad |
Kurdistan Workers' Party | PKK; Partiya Karkerên Kurdistanê | Q152220
People's Defense Units | YPG; People's Protection Units | Q277036
Syrian Democratic Forces | SDF |
Kata'ib Hezbollah | Kataib Hezbollah; Kata'ib Hizballah; Hezbollah Brigades |
Popular Mobilization Forces | Popular Mobilisation Forces; PMF; PMU; Popular Mobilization Units; Hashd al-Shaabi; al-Hashd al-Shaabi |
Wagner Group | Wagner; PMC Wagner; Wagner PMC |
Hayat Tahrir al-Sham | HTS; Tahrir al-Sham |
al-Nusra Front | Nusra Front; Jabhat al-Nusra; al-Nusra |
Free Syrian Army | FSA |
Islamic Revolutionary Guard Corps | IRGC; Revolutionary Guards; Iranian Revolutionary Guard Corps; Revolutionary Guard; Sepah |
Quds Force | IRGC-QF; Qods Force |
Rapid Support Forces | RSF |
M23 | March 23 Movement |
Lashkar-e-Taiba | Lashkar-e-Tayyiba; LeT |
Jaish-e-Mohammed | Jaish-e-Muhammad; JeM |
Islamic State Khorasan Province | ISIS-K; ISKP; IS-K |
Asa'ib Ahl al-Haq | Asaib Ahl al-Haq; AAH |
al-Qaeda in the Islamic Maghreb | AQIM; al-Qaeda in Islamic Maghreb; Al-Qaeda in the Islamic Maghreb |
Jama'at Nasr al-Islam wal-Muslimin | JNIM; Jama'at Nusrat al-Islam wal-Muslimin |
Ansar Dine | Ansar al-Din; Ansar Eddine |
Movement for Oneness and Jihad in West Africa | MOJWA; MUJAO |
National Movement for the Liberation of Azawad | MNLA |
Ahlu Sunna Waljama'a | Ahlu Sunna Wal Jama'a; Ahlu Sunna Wal Jamaa; ASWJ |
Southern Transitional Council | STC |
Libyan National Army | LNA; Libyan Arab Armed Forces |
Syrian National Army | Turkish-backed Syrian National Army |
Arakan Army | Arakha Army |
Myanmar National Democratic Alliance Army | MNDAA |
Ta'ang National Liberation Army | TNLA |
Three Brotherhood Alliance | Brotherhood Alliance |
Democratic Forces for the Liberation of Rwanda | FDLR |
National Congress for the Defence of the People | CNDP; National Congress for the Defense of the People |
Allied Democratic Forces | ADF-NALU |
FARC | Revolutionary Armed Forces of Colombia; FARC-EP |
ELN | National Liberation Army of Colombia; Ejército de Liberación Nacional |
"""

# State militaries known by a name of their own: ``state id | names``. Each is the state's
# Military organ (id ``<state>-military``, "Military of X", part of X), the actor the group
# rules make of "the Burmese military", so both names meet in one node.
MILITARIES = """
myanmar | Tatmadaw; Myanmar Armed Forces; Myanmar Defence Services
ethiopia | Ethiopian National Defense Force; Ethiopian National Defence Force; ENDF
democratic-republic-of-the-congo | FARDC; Armed Forces of the Democratic Republic of the Congo
somalia | Somali National Army; Somali Armed Forces
israel | Israel Defense Forces; IDF; Israeli Defense Forces; Israel Defence Forces
philippines | Armed Forces of the Philippines
united-states | U.S. Africa Command; US Africa Command; United States Africa Command; AFRICOM; U.S. Central Command; US Central Command; CENTCOM; U.S. European Command; EUCOM; U.S. Indo-Pacific Command; INDOPACOM
"""

# Actors whose kind is not ArmedGroup although they are listed with the groups.
KIND_OVERRIDE = {
    "Islamic Revolutionary Guard Corps": "Military",
    "Quds Force": "Military",
}
PART_OF = {
    "Islamic Revolutionary Guard Corps": "iran",
    "Quds Force": "iran",
    "UN Security Council": "united-nations",
    "African Union Mission in Somalia": "african-union",
    "African Union Transition Mission in Somalia": "african-union",
}
BASED_IN = {
    "Hezbollah": "lebanon",
    "Hamas": "palestine",
    "Palestinian Islamic Jihad": "palestine",
    "Houthis": "yemen",
    "al-Shabaab": "somalia",
    "Boko Haram": "nigeria",
    "Kurdistan Workers' Party": "turkey",
    "People's Defense Units": "syria",
    "Syrian Democratic Forces": "syria",
    "Kata'ib Hezbollah": "iraq",
    "Popular Mobilization Forces": "iraq",
    "Wagner Group": "russia",
    "Hayat Tahrir al-Sham": "syria",
    "al-Nusra Front": "syria",
    "Free Syrian Army": "syria",
    "Taliban": "afghanistan",
    "Tehrik-i-Taliban Pakistan": "pakistan",
    "al-Qaeda in the Arabian Peninsula": "yemen",
    "Rapid Support Forces": "sudan",
    "M23": "democratic-republic-of-the-congo",
    "Lashkar-e-Taiba": "pakistan",
    "Jaish-e-Mohammed": "pakistan",
    "Islamic State Khorasan Province": "afghanistan",
    "Asa'ib Ahl al-Haq": "iraq",
    "al-Qaeda in the Islamic Maghreb": "algeria",
    "Jama'at Nasr al-Islam wal-Muslimin": "mali",
    "Ansar Dine": "mali",
    "Movement for Oneness and Jihad in West Africa": "mali",
    "National Movement for the Liberation of Azawad": "mali",
    "Ahlu Sunna Waljama'a": "somalia",
    "Southern Transitional Council": "yemen",
    "Libyan National Army": "libya",
    "Syrian National Army": "syria",
    "Arakan Army": "myanmar",
    "Myanmar National Democratic Alliance Army": "myanmar",
    "Ta'ang National Liberation Army": "myanmar",
    "Three Brotherhood Alliance": "myanmar",
    "Democratic Forces for the Liberation of Rwanda": "democratic-republic-of-the-congo",
    "National Congress for the Defence of the People": "democratic-republic-of-the-congo",
    "Allied Democratic Forces": "democratic-republic-of-the-congo",
    "FARC": "colombia",
    "ELN": "colombia",
}

HEADER = """\
# The kg gazetteer: canonical actors with their names, demonyms, metonyms,
# Wikidata ids and CAMEO codes. GENERATED by tools/build_actors.py - edit the
# tables there and re-run it.
#
# States: the 193 UN member states (first block) plus the observer states
# Palestine and the Holy See, Taiwan and Kosovo. Then intergovernmental
# organisations and alliances (kg:Organization) and armed groups
# (kg:ArmedGroup), and state militaries known by a name of their own ("Tatmadaw":
# kg:Military, id <state>-military, part of the state). owl:sameAs is given only where the Wikidata id is certain.
# A kg:metonym (a capital, a seat of government) names the actor only in
# context ("Washington said"); a kg:demonym is an adjective or people noun.
# kg:cameoCode for a state is its ISO 3166-1 alpha-3 code (CAMEO's country
# code). Organisations and armed groups carry no CAMEO code.

@prefix kg:    <{kg}> .
@prefix actor: <{actor}> .
@prefix wd:    <http://www.wikidata.org/entity/> .
@prefix skos:  <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl:   <http://www.w3.org/2002/07/owl#> .
@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .
"""


def _split(cell: str) -> list[str]:
    return [v.strip() for v in cell.split(";") if v.strip()]


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"@en'


def _rows(table: str, ncols: int) -> list[list[str]]:
    rows = []
    for line in table.strip().splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) < ncols:
            cells += [""] * (ncols - len(cells))
        if not cells[-1] and not any(cells[1:]):
            continue
        rows.append(cells)
    return rows


def _clean_demonym(form: str) -> str | None:
    # "Congolese (Kinshasa)" style notes disambiguate forms shared by two
    # states; such a form is left out (the NLP stage cannot tell them apart).
    if "(" in form or form.endswith("'s"):
        return None
    return form


def _actor(
    slug, cls, label, alts, demonyms=(), metonyms=(), qid="", cameo="", un=False, part_of=None, based_in=None
) -> str:
    lines = [f"actor:{slug} a kg:{cls}", f"    rdfs:label {_lit(label)}"]
    seen = {label}
    for kind, values in (("skos:altLabel", alts), ("kg:demonym", demonyms), ("kg:metonym", metonyms)):
        for v in values:
            if v in seen:
                continue
            seen.add(v)
            lines.append(f"    {kind} {_lit(v)}")
    if qid:
        lines.append(f"    owl:sameAs wd:{qid}")
    if cameo:
        lines.append(f'    kg:cameoCode "{cameo}"')
    if part_of:
        lines.append(f"    kg:partOf actor:{part_of}")
    if based_in:
        lines.append(f"    kg:basedIn actor:{based_in}")
    return " ;\n".join(lines) + " .\n"


def build() -> str:
    out = [HEADER.format(kg=KG_NS, actor=f"{ID_BASE}actor/")]
    slugs: set[str] = set()
    labels: dict[str, str] = {}

    def check(slug: str, label: str) -> None:
        assert slug == slugify(label), (slug, label)
        assert slug not in slugs, f"duplicate actor {slug}"
        slugs.add(slug)

    for block, un in ((UN_MEMBERS, True), (OTHER_STATES, False)):
        out.append(f"\n# ---------------------------------------- {'UN member states' if un else 'other states'}\n\n")
        for label, alts, dem, met, qid, cameo in _rows(block, 6):
            if not qid:
                continue
            slug = slugify(label)
            check(slug, label)
            labels[slug] = label
            alts_l = [a for a in _split(alts) if not a.lower().startswith("the ") or a[4:] != label]
            dems = [d for d in map(_clean_demonym, _split(dem)) if d]
            out.append(_actor(slug, "State", label, alts_l, dems, _split(met), qid, cameo, un=un))
    out.append("\n# ---------------------------------------- organisations and alliances\n\n")
    for label, alts, qid in _rows(ORGANIZATIONS, 3):
        slug = slugify(label)
        check(slug, label)
        out.append(_actor(slug, "Organization", label, _split(alts), qid=qid, part_of=PART_OF.get(label)))
    out.append("\n# ---------------------------------------- armed groups\n\n")
    for label, alts, qid in _rows(ARMED_GROUPS, 3):
        slug = slugify(label)
        check(slug, label)
        out.append(
            _actor(
                slug,
                KIND_OVERRIDE.get(label, "ArmedGroup"),
                label,
                _split(alts),
                qid=qid,
                part_of=PART_OF.get(label),
                based_in=BASED_IN.get(label),
            )
        )
    out.append("\n# ---------------------------------------- state militaries known by a name of their own\n\n")
    for state, names in _rows(MILITARIES, 2):
        assert state in slugs, state
        slug = f"{state}-military"  # the id kg.nlp.actors.groups.organ gives "the <demonym> military"
        assert slug not in slugs, slug
        slugs.add(slug)
        out.append(_actor(slug, "Military", f"Military of {labels[state]}", _split(names), part_of=state))
    for ref in list(PART_OF.values()) + list(BASED_IN.values()):
        assert ref in slugs, ref
    return "".join(out)


if __name__ == "__main__":
    target = ROOT / "kg" / "data" / "actors.ttl"
    target.write_text(build(), encoding="utf-8")
    print(f"wrote {target}")
