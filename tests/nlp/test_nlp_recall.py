"""What real news prose states beyond the core frames, end to end through the statistical model
(sentences written for these tests; the rules they use are tested on hand-built parses in
``parses.txt``): the wider family of news verbs, relations stated as nouns and adjectives, reported
speech and the scope of negation."""

from __future__ import annotations

import pytest

pytest_plugins = ["nlp_fixtures"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # support, help and courting
        ("Russia propped up the Syrian government for a decade.", ("russia", "cooperation", "syria-government")),
        ("Iran shored up the Houthis with missiles.", ("iran", "cooperation", "houthis")),
        ("Hezbollah fought alongside Syrian troops in Qusayr.", ("hezbollah", "cooperation", "syria-military")),
        ("NATO reinforced Lithuania with extra troops.", ("north-atlantic-treaty-organization", "cooperation", "lithuania")),
        ("China is wooing the Solomon Islands.", ("china", "cooperation", "solomon-islands")),
        ("Haiti reached out to Kenya for help.", ("haiti", "cooperation", "kenya")),
        ("Norway facilitated talks between Colombia and the FARC.", ("norway", "cooperation", "farc")),
        # pressure, interference and breaks
        ("China intimidated Taiwan with military drills.", ("china", "conflict", "taiwan")),
        ("Russia provoked Georgia into war.", ("russia", "conflict", "georgia")),
        ("Iran meddled in Iraq for years.", ("iran", "conflict", "iraq")),
        ("Belgrade broke with Moscow over Ukraine.", ("serbia", "conflict", "russia")),
        ("The EU sought to isolate Belarus.", ("european-union", "conflict", "belarus")),
        ("Turkey berated Sweden over the Koran burning.", ("turkey", "conflict", "sweden")),
        ("North Korea spied on South Korea.", ("north-korea", "conflict", "south-korea")),
        # coercion and violence
        ("The Chinese coast guard harassed Vietnamese boats.", ("china", "conflict", "vietnam")),
        ("Myanmar's junta persecuted the Rohingya.", ("myanmar-government", "conflict", "rohingya")),
        # quarrels between two parties
        ("India and China sparred over the border.", ("india", "conflict", "china")),
        ("Hamas and Fatah fell out in 2007.", ("hamas", "conflict", "fatah")),
        ("Saudi Arabia and Qatar wrangled over the blockade.", ("saudi-arabia", "conflict", "qatar")),
    ],
)
def test_news_verbs(pairs, text, expected):
    found = pairs(text)
    assert expected in found, found
